using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Tests.Protocol;
using AgentAirlock.Validation;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Server;

namespace AgentAirlock.Tests.Validation;

#pragma warning disable IDE0060
public static class ModeTools
{
    [AirlockUnknownArguments(UnknownArgumentsMode.Strip)]
    public static int Lenient(int a) => a;
}
#pragma warning restore IDE0060

/// <summary>The validation layer decides per call: unknown tool, ghosts (reject, strip, strip silently), strict types.</summary>
public sealed class ValidationMiddlewareAppliesTheModes : IDisposable
{
    private readonly List<ToolSchema> _tools =
    [
        ToolSchema.For(nameof(Tools.Add)),
        ToolSchema.For(nameof(Tools.Person)),
        ToolSchema.For(typeof(ModeTools).GetMethod(nameof(ModeTools.Lenient))!),
        ToolSchema.FromJson("""{"type":"object","properties":{"a":{"$ref":"https://example.com/a.json"}}}""", "broken"),
    ];

    private sealed class Catalog(IEnumerable<ToolDescriptor> tools) : IToolCatalog
    {
        private readonly Dictionary<string, ToolDescriptor> _byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);

        public bool TryGetTool(string name, [NotNullWhen(true)] out ToolDescriptor? tool) => _byName.TryGetValue(name, out tool);

        public IReadOnlyList<string> FindClosestNames(string name, int max) => NameSuggestions.Closest(name, _byName.Keys, max);
    }

    private sealed class RecordingSink : IDecisionSink
    {
        public List<AirlockDecision> Decisions { get; } = [];

        public void Report(in AirlockDecision decision) => Decisions.Add(decision);
    }

    private sealed record Outcome(bool NextCalled, JsonNode? Answer, string? BodySeenByNext, AirlockDecision Decision);

    public void Dispose()
    {
        foreach (ToolSchema tool in _tools)
        {
            tool.Dispose();
        }
    }

    private async Task<Outcome> CallAsync(string tool, string arguments, Action<AirlockOptions>? configure = null)
    {
        HttpRequest http = Envelope.Request();
        HttpContext context = http.HttpContext;
        context.Response.Body = new MemoryStream();
        using McpRequest request = Envelope.Accept(Envelope.ToolCall(arguments, name: tool, id: "3"), http);
        request.AttachBody();
        context.Features.Set<IMcpRequestFeature>(request);

        using AirlockOptionsAccessor options = OptionsAccessors.For(configure);
        var sink = new RecordingSink();
        bool nextCalled = false;
        string? body = null;
        var middleware = new ValidationMiddleware(
            async next =>
            {
                nextCalled = true;
                using var reader = new StreamReader(next.Request.Body);
                body = await reader.ReadToEndAsync();
            },
            new Catalog(_tools.Select(t => t.Descriptor())),
            options,
            new McpResponseWriter(Microsoft.Extensions.Options.Options.Create(new McpServerOptions()), new BlockedAnswers.FixedShapes(false)),
            sink);

        await middleware.InvokeAsync(context);

        byte[] written = ((MemoryStream)context.Response.Body).ToArray();
        return new Outcome(nextCalled, written.Length == 0 ? null : JsonNode.Parse(written), body, Assert.Single(sink.Decisions));
    }

    private static JsonNode ArgumentsSent(Outcome outcome) => JsonNode.Parse(outcome.BodySeenByNext!)!["params"]!["arguments"]!;

    [Fact]
    public async Task A_valid_call_goes_on_unchanged_and_is_reported_as_allowed()
    {
        Outcome outcome = await CallAsync("add", """{"a":1,"b":2}""");

        Assert.True(outcome.NextCalled);
        Assert.Equal(Envelope.ToolCall("""{"a":1,"b":2}""", name: "add", id: "3"), outcome.BodySeenByNext);
        Assert.Equal(DecisionOutcome.Allowed, outcome.Decision.Outcome);
        Assert.Equal("add", outcome.Decision.ToolName);
    }

    [Fact]
    public async Task An_unknown_tool_is_a_json_rpc_error_naming_the_closest_tools()
    {
        Outcome outcome = await CallAsync("ad", "{}");

        Assert.False(outcome.NextCalled);
        Assert.Equal(-32602, (int?)outcome.Answer!["error"]!["code"]);
        Assert.Equal("Unknown tool: 'ad'. Did you mean 'add'?", (string?)outcome.Answer["error"]!["message"]);
        Assert.Equal(3, (int?)outcome.Answer["id"]);
        Assert.Equal(DecisionOutcome.Refused, outcome.Decision.Outcome);
        Assert.Equal("unknown_tool", outcome.Decision.Reason);
        Assert.False(outcome.Decision.ToolKnown);
    }

    [Fact]
    public async Task Ghosts_are_refused_by_default()
    {
        Outcome outcome = await CallAsync("add", """{"a":1,"b":2,"ghost":1}""");

        Assert.False(outcome.NextCalled);
        Assert.Equal("ghost_arguments", (string?)outcome.Answer!["result"]!["structuredContent"]!["block_reason"]);
        Assert.Equal(DecisionOutcome.Blocked, outcome.Decision.Outcome);
        Assert.Equal(["ghost"], outcome.Decision.ArgumentNames);
    }

    [Theory]
    [InlineData(UnknownArgumentsMode.Strip, false)]
    [InlineData(UnknownArgumentsMode.StripSilently, true)]
    public async Task Stripping_removes_ghosts_at_every_depth_and_reports_their_names(UnknownArgumentsMode mode, bool quiet)
    {
        Outcome outcome = await CallAsync("person", """{"address":{"street":"a","zip":1,"admin":true},"ghost":1}""",
            o => o.Validation.UnknownArguments = mode);

        Assert.True(outcome.NextCalled);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"address":{"street":"a","zip":1}}"""), ArgumentsSent(outcome)));
        Assert.Equal(DecisionOutcome.Stripped, outcome.Decision.Outcome);
        Assert.Equal(["address.admin", "ghost"], outcome.Decision.ArgumentNames!.Order(StringComparer.Ordinal));
        Assert.Equal(quiet, outcome.Decision.Quiet);
    }

    [Fact]
    public async Task Stripping_does_not_let_other_problems_through()
    {
        Outcome outcome = await CallAsync("add", """{"a":"1","b":2,"ghost":1}""", o => o.Validation.UnknownArguments = UnknownArgumentsMode.Strip);

        Assert.False(outcome.NextCalled);
        JsonNode block = outcome.Answer!["result"]!["structuredContent"]!;
        Assert.Equal("validation_error", (string?)block["block_reason"]);
        Assert.Equal(["a"], block["blocked_args"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task The_attribute_on_the_tool_method_sets_its_mode()
    {
        Outcome outcome = await CallAsync("lenient", """{"a":1,"ghost":1}""");

        Assert.True(outcome.NextCalled);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":1}"""), ArgumentsSent(outcome)));
    }

    [Fact]
    public async Task Per_tool_configuration_overrides_the_attribute()
    {
        Outcome outcome = await CallAsync("lenient", """{"a":1,"ghost":1}""",
            o => o.Validation.PerTool["lenient"] = new ToolValidationOptions { UnknownArguments = UnknownArgumentsMode.Reject });

        Assert.False(outcome.NextCalled);
        Assert.Equal(DecisionOutcome.Blocked, outcome.Decision.Outcome);
    }

    [Fact]
    public async Task Per_tool_configuration_overrides_the_global_mode()
    {
        Outcome outcome = await CallAsync("add", """{"a":1,"b":2,"ghost":1}""", o =>
        {
            o.Validation.UnknownArguments = UnknownArgumentsMode.Reject;
            o.Validation.PerTool["add"] = new ToolValidationOptions { UnknownArguments = UnknownArgumentsMode.Strip };
        });

        Assert.True(outcome.NextCalled);
    }

    [Fact]
    public async Task Loose_types_per_tool_accept_numeric_strings_and_pass_them_on_unchanged()
    {
        Outcome outcome = await CallAsync("add", """{"a":"5","b":2}""",
            o => o.Validation.PerTool["add"] = new ToolValidationOptions { StrictTypes = false });

        Assert.True(outcome.NextCalled);
        Assert.Equal(JsonValueKind.String, ArgumentsSent(outcome)["a"]!.GetValueKind());
    }

    [Fact]
    public async Task A_tool_whose_schema_cannot_be_used_is_refused()
    {
        Outcome outcome = await CallAsync("broken", """{"a":1}""");

        Assert.False(outcome.NextCalled);
        Assert.Equal("unusable_schema", (string?)outcome.Answer!["result"]!["structuredContent"]!["metadata"]!["schema_problem"]);
    }
}
