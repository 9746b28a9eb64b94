using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Serilog.Events;

namespace AgentAirlock.IntegrationTests.Audit;

/// <summary>The sample with Airlock's own log category at Verbose, so allowed decisions (Debug) are logged too.</summary>
public sealed class VerboseAirlockSampleFactory : SampleFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Override:AgentAirlock"] = "Verbose",
    };
}

/// <summary>
/// Every decision goes to a structured log event (tool, reason code, argument names, never values), an Activity of
/// the AgentAirlock source and the airlock.decisions counter of the AgentAirlock meter.
/// </summary>
public sealed class DecisionReportingTests(VerboseAirlockSampleFactory factory) : IClassFixture<VerboseAirlockSampleFactory>
{
    private const string DecisionCategory = "AgentAirlock.Audit.DecisionSink";

    private readonly HttpClient _http = factory.CreateClient();

    private static string NewSecret() => "sk-live-" + Guid.NewGuid().ToString("N") + "SECRET";

    private LogEvent[] DecisionEventsFor(string tool) =>
        [.. factory.Logs.Events.Where(e => LogCapture.Scalar(e, "SourceContext") == DecisionCategory && LogCapture.Scalar(e, "Tool") == tool)];

    private void AssertNowhereInTheLogs(string secret)
    {
        LogEvent[] leaking = [.. factory.Logs.Events.Where(e => LogCapture.Everything(e).Contains(secret, StringComparison.Ordinal))];
        Assert.True(leaking.Length == 0, "an argument value reached the logs: " + string.Join(" | ", leaking.Select(LogCapture.Everything)));
    }

    [Fact]
    public async Task A_blocked_call_is_logged_with_tool_reason_and_argument_names_but_no_values()
    {
        string secret = NewSecret();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "delete_record",
            $$"""{"record_id":1,"reason":"{{secret}}","api_key":"{{secret}}"}"""));

        Blocks.AssertBlocked(answer, "delete_record", "ghost_arguments");
        LogEvent decision = Assert.Single(DecisionEventsFor("delete_record"), e => LogCapture.Scalar(e, "Reason") == "ghost_arguments");
        Assert.Equal(LogEventLevel.Information, decision.Level);
        Assert.Equal("validation", LogCapture.Scalar(decision, "Layer"));
        Assert.Equal("blocked", LogCapture.Scalar(decision, "Outcome"));
        Assert.Equal(["api_key"], LogCapture.Sequence(decision, "Arguments"));
        AssertNowhereInTheLogs(secret);
    }

    [Fact]
    public async Task A_wrongly_typed_secret_is_named_but_not_logged()
    {
        string secret = NewSecret();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", $$"""{"a":"{{secret}}","b":2}"""));

        Blocks.AssertBlocked(answer, "add", "validation_error");
        LogEvent decision = Assert.Single(DecisionEventsFor("add"), e => LogCapture.Scalar(e, "Reason") == "validation_error"
            && LogCapture.Sequence(e, "Arguments").SequenceEqual(["a"]));
        Assert.Equal("blocked", LogCapture.Scalar(decision, "Outcome"));
        AssertNowhereInTheLogs(secret);
    }

    [Fact]
    public async Task An_allowed_call_is_logged_at_debug_with_argument_names_only()
    {
        string secret = NewSecret();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", $$"""{"text":"{{secret}}"}"""));

        Assert.Equal(secret, Blocks.AssertToolSucceeded(answer));
        LogEvent decision = Assert.Single(DecisionEventsFor("echo"), e => LogCapture.Scalar(e, "Outcome") is null && e.Level == LogEventLevel.Debug
            && LogCapture.Sequence(e, "Arguments").SequenceEqual(["text"]));
        Assert.Equal("validation", LogCapture.Scalar(decision, "Layer"));
        LogEvent[] airlockEvents = [.. factory.Logs.Events.Where(e => LogCapture.Scalar(e, "SourceContext")?.StartsWith("AgentAirlock", StringComparison.Ordinal) == true)];
        Assert.DoesNotContain(airlockEvents, e => LogCapture.Everything(e).Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stripped_call_is_logged_with_the_names_of_the_stripped_arguments_only()
    {
        string secret = NewSecret();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "search_documents",
            $$"""{"query":"rate","password":"{{secret}}"}"""));

        Blocks.AssertToolSucceeded(answer);
        LogEvent decision = Assert.Single(DecisionEventsFor("search_documents"), e => LogCapture.Sequence(e, "Arguments").SequenceEqual(["password"]));
        Assert.Equal(LogEventLevel.Information, decision.Level);
        AssertNowhereInTheLogs(secret);
    }

    [Fact]
    public async Task An_envelope_refusal_is_logged_with_its_reason_and_no_values()
    {
        string secret = NewSecret();
        int before = factory.Logs.Events.Count(e => LogCapture.Scalar(e, "Reason") == "duplicate_property");

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", $$"""{"text":"{{secret}}","text":"{{secret}}"}"""));

        Assert.Equal(400, (int)answer.Status);
        Assert.Equal(before + 1, factory.Logs.Events.Count(e => LogCapture.Scalar(e, "Reason") == "duplicate_property"
            && LogCapture.Scalar(e, "Layer") == "envelope"));
        AssertNowhereInTheLogs(secret);
    }

    [Fact]
    public async Task An_unknown_tool_is_logged_without_the_argument_values()
    {
        string secret = NewSecret();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "exfiltrate", $$"""{"token":"{{secret}}"}"""));

        Assert.Equal(-32602, answer.ErrorCode);
        Assert.Single(DecisionEventsFor("exfiltrate"), e => LogCapture.Scalar(e, "Reason") == "unknown_tool");
        AssertNowhereInTheLogs(secret);
    }

    [Fact]
    public async Task The_decisions_counter_counts_allowed_blocked_stripped_and_refused_calls()
    {
        using var collector = new MetricCollector<long>(factory.Services.GetRequiredService<IMeterFactory>(), "AgentAirlock", "airlock.decisions");

        await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2}"""));
        await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2}"""));
        await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2,"c":3}"""));
        await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "search_documents", """{"query":"x","ghost":1}"""));
        await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "nope", "{}"));
        await _http.SendMcpAsync(McpHttp.Post("[1]"));

        IReadOnlyList<CollectedMeasurement<long>> measurements = collector.GetMeasurementSnapshot();
        long Count(string outcome, string? tool = null, string? reason = null, string layer = "validation") => measurements
            .Where(m => m.Tags["airlock.outcome"] as string == outcome && m.Tags["airlock.layer"] as string == layer
                && (tool is null || m.Tags.GetValueOrDefault("gen_ai.tool.name") as string == tool)
                && (reason is null || m.Tags.GetValueOrDefault("airlock.reason") as string == reason))
            .Sum(m => m.Value);

        Assert.Equal(2, Count("allowed", "add"));
        Assert.Equal(1, Count("blocked", "add", "ghost_arguments"));
        Assert.Equal(1, Count("stripped", "search_documents", "ghost_arguments"));
        Assert.Equal(1, Count("refused", "_unknown", "unknown_tool"));
        Assert.Equal(1, Count("refused", reason: "batch", layer: "envelope"));
        Assert.DoesNotContain(measurements, m => m.Tags.GetValueOrDefault("gen_ai.tool.name") as string == "nope");
    }

    [Fact]
    public async Task An_activity_of_the_AgentAirlock_source_carries_the_decision_as_tags()
    {
        var started = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AgentAirlock",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        string blockedId = McpHttp.NewId();
        string allowedId = McpHttp.NewId();

        await _http.SendMcpAsync(McpHttp.ToolCall(blockedId, "add", """{"a":1,"b":2,"c":3}"""));
        await _http.SendMcpAsync(McpHttp.ToolCall2026(allowedId, "add", """{"a":1,"b":2}"""));

        Activity blocked = Assert.Single(started, a => a.GetTagItem("jsonrpc.request.id") as string == blockedId);
        Assert.Equal("tools/call", blocked.GetTagItem("mcp.method.name"));
        Assert.Equal("blocked", blocked.GetTagItem("airlock.outcome"));
        Assert.Equal("ghost_arguments", blocked.GetTagItem("airlock.reason"));
        Assert.Equal("add", blocked.GetTagItem("gen_ai.tool.name"));
        Assert.Equal(ActivityStatusCode.Error, blocked.Status);

        Activity allowed = Assert.Single(started, a => a.GetTagItem("jsonrpc.request.id") as string == allowedId);
        Assert.Equal("allowed", allowed.GetTagItem("airlock.outcome"));
        Assert.Equal("2026-07-28", allowed.GetTagItem("mcp.protocol.version"));
        Assert.NotEqual(ActivityStatusCode.Error, allowed.Status);
    }
}
