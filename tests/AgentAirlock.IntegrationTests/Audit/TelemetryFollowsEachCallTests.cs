using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentAirlock.IntegrationTests.Audit;

/// <summary>The sample as shipped, for the telemetry tests.</summary>
public sealed class TelemetrySampleFactory : SampleFactory;

/// <summary>
/// Each tool call is one span named and tagged as the OpenTelemetry conventions for MCP say, with a child span per
/// layer; a 2026-07-28 caller's <c>traceparent</c> in <c>params._meta</c> continues its trace; metrics count calls by
/// tool and decision and blocks by reason.
/// </summary>
public sealed class TelemetryFollowsEachCallTests : IClassFixture<TelemetrySampleFactory>, IDisposable
{
    private readonly TelemetrySampleFactory factory;
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public TelemetryFollowsEachCallTests(TelemetrySampleFactory factory)
    {
        this.factory = factory;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AgentAirlock",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_call_is_one_span_with_a_child_span_per_layer_and_its_decision()
    {
        (ActivityTraceId trace, ActivitySpanId parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        string id = McpHttp.NewId();

        McpAnswer answer = await factory.CreateClient().SendMcpAsync(ToolCallWithTraceParent(id, "add", """{"a":2,"b":3}""", trace, parent));

        Assert.Equal("5", Blocks.AssertToolSucceeded(answer));
        JsonElement record = await AuditFiles.RecordOfAsync(factory.AuditDirectory, id);
        Activity call = Assert.Single(_spans, s => s.TraceId == trace && s.DisplayName == "tools/call add");
        Assert.Equal(parent, call.ParentSpanId);
        Assert.Equal("tools/call", call.GetTagItem("mcp.method.name"));
        Assert.Equal("add", call.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("execute_tool", call.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("2026-07-28", call.GetTagItem("mcp.protocol.version"));
        Assert.Equal(id, call.GetTagItem("jsonrpc.request.id"));
        Assert.Equal("allowed", call.GetTagItem("airlock.decision"));
        Assert.Equal(trace.ToHexString(), AuditFiles.String(record, "TraceId"));

        Activity[] layers = [.. _spans.Where(s => s.TraceId == trace && s.ParentSpanId == call.SpanId)];
        Assert.Contains(layers, s => s.DisplayName == "airlock.policy" && (string?)s.GetTagItem("airlock.outcome") == "allowed");
        Assert.Contains(layers, s => s.DisplayName == "airlock.validation" && (string?)s.GetTagItem("airlock.outcome") == "allowed");
        Assert.All(layers, s => Assert.True(s.StartTimeUtc >= call.StartTimeUtc && s.Duration <= call.Duration));
    }

    [Fact]
    public async Task A_blocked_call_marks_its_layer_span_as_an_error_with_the_reason()
    {
        (ActivityTraceId trace, ActivitySpanId parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

        McpAnswer answer = await factory.CreateClient().SendMcpAsync(ToolCallWithTraceParent(McpHttp.NewId(), "add", """{"a":2,"b":3,"c":4}""", trace, parent));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        await WaitForAsync(() => _spans.Any(s => s.TraceId == trace && s.DisplayName == "tools/call add"));
        Activity validation = Assert.Single(_spans, s => s.TraceId == trace && s.DisplayName == "airlock.validation");
        Assert.Equal(ActivityStatusCode.Error, validation.Status);
        Assert.Equal("ghost_arguments", validation.GetTagItem("error.type"));
        Assert.Equal("blocked", _spans.Single(s => s.TraceId == trace && s.DisplayName == "tools/call add").GetTagItem("airlock.decision"));
    }

    [Fact]
    public async Task Calls_are_counted_by_tool_and_decision_and_blocks_by_layer_and_reason()
    {
        IMeterFactory meters = factory.Services.GetRequiredService<IMeterFactory>();
        using var calls = new MetricCollector<long>(meters, "AgentAirlock", "airlock.tool.calls");
        using var blocks = new MetricCollector<long>(meters, "AgentAirlock", "airlock.blocks");
        using var layers = new MetricCollector<double>(meters, "AgentAirlock", "airlock.layer.duration");
        HttpClient client = factory.CreateClient();

        await client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "search_documents", """{"query":"airlock"}"""));
        await client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2,"c":3}"""));

        await WaitForAsync(() => calls.GetMeasurementSnapshot().Any(m => (string?)m.Tags["gen_ai.tool.name"] == "add"));
        Assert.Contains(calls.GetMeasurementSnapshot(), m => (string?)m.Tags["gen_ai.tool.name"] == "search_documents" && (string?)m.Tags["airlock.decision"] == "allowed");
        Assert.Contains(calls.GetMeasurementSnapshot(), m => (string?)m.Tags["gen_ai.tool.name"] == "add" && (string?)m.Tags["airlock.decision"] == "blocked");
        Assert.Contains(blocks.GetMeasurementSnapshot(), m => (string?)m.Tags["airlock.layer"] == "validation" && (string?)m.Tags["airlock.reason"] == "ghost_arguments");
        Assert.Contains(layers.GetMeasurementSnapshot(), m => (string?)m.Tags["airlock.layer"] == "policy" && m.Value > 0);
        Assert.Contains(layers.GetMeasurementSnapshot(), m => (string?)m.Tags["airlock.layer"] == "envelope" && m.Value > 0);
    }

    private static HttpRequestMessage ToolCallWithTraceParent(string id, string tool, string arguments, ActivityTraceId trace, ActivitySpanId parent)
    {
        string meta = McpHttp.Meta2026[..^1] + $$""","traceparent":"00-{{trace.ToHexString()}}-{{parent.ToHexString()}}-01"}""";
        string body = $$$"""{"jsonrpc":"2.0","id":"{{{id}}}","method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}},"_meta":{{{meta}}}}}""";
        HttpRequestMessage request = McpHttp.Post(body, McpHttp.Revision2026);
        request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
        request.Headers.TryAddWithoutValidation("Mcp-Name", tool);
        return request;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int attempt = 0; attempt < 200 && !condition(); attempt++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
