using System.Text;
using System.Text.Json.Nodes;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Tests.Validation;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentAirlock.Tests.Protocol;

public sealed class EnvelopeMiddlewareAnswersAtTheTransport
{
    private const string StreamableEndpoint = "MCP Streamable HTTP | HTTP: POST /mcp/";

    private sealed class RecordingSink : IDecisionSink
    {
        public List<AirlockDecision> Decisions { get; } = [];

        public void Report(in AirlockDecision decision) => Decisions.Add(decision);
    }

    private sealed class Run
    {
        public required HttpContext Context { get; init; }

        public bool NextCalled { get; set; }

        public string? ToolNameSeenByNext { get; set; }

        public string? BodySeenByNext { get; set; }

        public RecordingSink Sink { get; } = new();

        public int Status => Context.Response.StatusCode;

        public JsonNode? Answer()
        {
            byte[] body = ((MemoryStream)Context.Response.Body).ToArray();
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
    }

    private static async Task<Run> InvokeAsync(
        string body,
        string method = "POST",
        string? contentType = "application/json",
        string? endpoint = StreamableEndpoint,
        Action<AirlockOptions>? configure = null,
        params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Response.Body = new MemoryStream();
        foreach ((string name, string value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        if (endpoint is not null)
        {
            context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, endpoint));
        }

        using AirlockOptionsAccessor options = OptionsAccessors.For(configure);
        var run = new Run { Context = context };
        using ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new AirlockTelemetry(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var audit = new AuditTrail(options, TimeProvider.System, telemetry, [], [], NullLogger<AuditTrail>.Instance);
        var tools = new BlockedAnswers.FixedShapes(false);
        var middleware = new McpEnvelopeMiddleware(
            async http =>
            {
                run.NextCalled = true;
                run.ToolNameSeenByNext = http.Features.Get<IMcpRequestFeature>()?.ToolName;
                using var reader = new StreamReader(http.Request.Body);
                run.BodySeenByNext = await reader.ReadToEndAsync();
            },
            options,
            run.Sink,
            audit,
            telemetry,
            tools,
            new McpResponseWriter(Microsoft.Extensions.Options.Options.Create(new McpServerOptions()), tools));
        await middleware.InvokeAsync(context);
        return run;
    }

    private static void AssertTransportError(Run run, int status, int code)
    {
        Assert.False(run.NextCalled);
        Assert.Equal(status, run.Status);
        Assert.Equal("application/json", run.Context.Response.ContentType);
        JsonNode answer = run.Answer()!;
        Assert.Equal("2.0", (string?)answer["jsonrpc"]);
        Assert.Equal(code, (int?)answer["error"]!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)answer["error"]!["message"]));
        Assert.Equal(DecisionOutcome.Refused, Assert.Single(run.Sink.Decisions).Outcome);
    }

    [Fact]
    public async Task A_valid_call_reaches_the_endpoint_with_the_parsed_message_and_the_same_body()
    {
        string body = Envelope.ToolCall();

        Run run = await InvokeAsync(body);

        Assert.True(run.NextCalled);
        Assert.Equal("add", run.ToolNameSeenByNext);
        Assert.Equal(body, run.BodySeenByNext);
        Assert.Null(run.Context.Features.Get<IMcpRequestFeature>());
        Assert.Empty(run.Sink.Decisions);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF8")]
    [InlineData("APPLICATION/JSON")]
    public async Task Json_content_types_are_accepted(string contentType)
    {
        Run run = await InvokeAsync(Envelope.ToolCall(), contentType: contentType);

        Assert.True(run.NextCalled);
    }

    [Fact]
    public async Task Other_methods_on_the_endpoint_pass_through_untouched()
    {
        Run run = await InvokeAsync(string.Empty, method: "GET", contentType: null);

        Assert.True(run.NextCalled);
        Assert.Null(run.ToolNameSeenByNext);
    }

    [Fact]
    public async Task Routes_that_are_not_mcp_endpoints_pass_through_untouched()
    {
        Run run = await InvokeAsync("not json at all", endpoint: "HTTP: POST /api/other");

        Assert.True(run.NextCalled);
        Assert.Equal("not json at all", run.BodySeenByNext);
    }

    [Fact]
    public async Task A_disabled_airlock_passes_everything_through()
    {
        Run run = await InvokeAsync("[1]", configure: o => o.Enabled = false);

        Assert.True(run.NextCalled);
        Assert.Equal("[1]", run.BodySeenByNext);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        Run run = await InvokeAsync(Envelope.ToolCall("{\"text\":\"" + new string('x', 200) + "\"}"), configure: o => o.Envelope.MaxRequestBytes = 100);

        AssertTransportError(run, StatusCodes.Status413PayloadTooLarge, -32600);
        Assert.Contains("100 bytes", (string?)run.Answer()!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_refused_with_415()
    {
        AssertTransportError(await InvokeAsync(Envelope.ToolCall(), contentType: "text/plain"), StatusCodes.Status415UnsupportedMediaType, -32600);
    }

    [Fact]
    public async Task A_body_in_another_charset_is_refused()
    {
        AssertTransportError(await InvokeAsync(Envelope.ToolCall(), contentType: "application/json; charset=iso-8859-1"), StatusCodes.Status400BadRequest, -32600);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("identity, gzip")]
    public async Task A_compressed_body_is_refused(string encoding)
    {
        Run run = await InvokeAsync(Envelope.ToolCall(), headers: ("Content-Encoding", encoding));

        AssertTransportError(run, StatusCodes.Status400BadRequest, -32600);
        Assert.Equal("compressed_body", run.Sink.Decisions[0].Reason);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task A_foreign_origin_is_refused_with_403_on_every_method(string method)
    {
        Run run = await InvokeAsync(Envelope.ToolCall(), method: method, headers: ("Origin", "https://evil.example"));

        AssertTransportError(run, StatusCodes.Status403Forbidden, -32600);
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_400_and_a_null_id()
    {
        Run run = await InvokeAsync("""{"jsonrpc":"2.0","id":5,""");

        AssertTransportError(run, StatusCodes.Status400BadRequest, -32600);
        Assert.Null(run.Answer()!["id"]);
    }

    [Fact]
    public async Task The_legacy_sse_endpoint_is_refused()
    {
        Run run = await InvokeAsync(Envelope.ToolCall(), endpoint: "MCP HTTP with SSE | HTTP: POST /message");

        AssertTransportError(run, StatusCodes.Status400BadRequest, -32600);
    }

    [Fact]
    public async Task Invalid_params_are_answered_in_band_with_the_request_id()
    {
        Run run = await InvokeAsync("""{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":5}}""");

        Assert.False(run.NextCalled);
        Assert.Equal(StatusCodes.Status200OK, run.Status);
        JsonNode answer = run.Answer()!;
        Assert.Equal(9, (int?)answer["id"]);
        Assert.Equal(-32602, (int?)answer["error"]!["code"]);
    }

    [Fact]
    public async Task A_header_mismatch_is_answered_with_400_and_the_request_id()
    {
        Run run = await InvokeAsync(Envelope.LatestToolCall(id: "11"),
            headers: [("MCP-Protocol-Version", Envelope.Latest), ("Mcp-Method", "tools/call"), ("Mcp-Name", "other")]);

        Assert.False(run.NextCalled);
        Assert.Equal(StatusCodes.Status400BadRequest, run.Status);
        JsonNode answer = run.Answer()!;
        Assert.Equal(11, (int?)answer["id"]);
        Assert.Equal(-32020, (int?)answer["error"]!["code"]);
    }

    [Fact]
    public async Task The_session_id_is_echoed_on_refusals()
    {
        Run run = await InvokeAsync("[]", headers: ("Mcp-Session-Id", "abc123"));

        Assert.Equal("abc123", run.Context.Response.Headers["Mcp-Session-Id"].ToString());
    }
}
