using System.Diagnostics.Metrics;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Serilog.Events;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// Every decision of the policy layer goes to the decision sink: a structured log event naming the agent, the tool
/// and the reason, and the <c>airlock.decisions</c> counter tagged <c>airlock.layer=policy</c> with the outcome and
/// reason. Each test has its own sample, so its own log and meter.
/// </summary>
public sealed class PolicyDecisionReportingTests
{
    private const string DecisionCategory = "AgentAirlock.Audit.DecisionSink";

    private static LogEvent[] PolicyDecisions(SampleFactory sample) =>
        [.. sample.Logs.Events.Where(e => LogCapture.Scalar(e, "SourceContext") == DecisionCategory && LogCapture.Scalar(e, "Layer") == "policy")];

    [Theory]
    [InlineData("add", "policy_violation")]
    [InlineData("delete_record", "policy_violation")]
    public async Task A_refused_call_is_logged_with_the_agent_the_tool_and_the_reason(string tool, string reason)
    {
        await using var sample = new DefaultSampleFactory();

        McpAnswer answer = await sample.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), tool, PolicyWire.ValidArguments(tool)));

        Blocks.AssertBlocked(answer, tool, reason);
        LogEvent decision = Assert.Single(PolicyDecisions(sample));
        Assert.Equal(LogEventLevel.Information, decision.Level);
        Assert.Equal("reader", LogCapture.Scalar(decision, "AgentId"));
        Assert.Equal(tool, LogCapture.Scalar(decision, "Tool"));
        Assert.Equal("blocked", LogCapture.Scalar(decision, "Outcome"));
        Assert.Equal(reason, LogCapture.Scalar(decision, "Reason"));
        Assert.Equal("tools/call", LogCapture.Scalar(decision, "Method"));
    }

    [Fact]
    public async Task A_time_restricted_and_a_rate_limited_call_are_logged_with_their_agents()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 14, 18, 0, 0, TimeSpan.Zero));
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);

        await sample.CreateClientWithKey(DemoAgents.AdminKey).SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "delete_record", PolicyWire.ValidArguments("delete_record")));
        for (int call = 0; call < 31; call++)
        {
            await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "search_documents", PolicyWire.ValidArguments("search_documents")));
        }

        LogEvent[] refused = [.. PolicyDecisions(sample).Where(e => e.Level == LogEventLevel.Information)];
        Assert.Equal(2, refused.Length);
        Assert.Contains(refused, e => LogCapture.Scalar(e, "AgentId") == "admin" && LogCapture.Scalar(e, "Reason") == "time_restricted"
            && LogCapture.Scalar(e, "Tool") == "delete_record");
        Assert.Contains(refused, e => LogCapture.Scalar(e, "AgentId") == "reader" && LogCapture.Scalar(e, "Reason") == "rate_limit"
            && LogCapture.Scalar(e, "Tool") == "search_documents");
    }

    [Fact]
    public async Task A_401_is_logged_as_a_refusal_without_an_agent()
    {
        await using var sample = new DefaultSampleFactory();

        await sample.CreateClientWithKey(null).SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}"""));
        await sample.CreateClientWithKey("airlock-demo-nobody").SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}"""));

        LogEvent[] decisions = PolicyDecisions(sample);
        Assert.Equal(2, decisions.Length);
        Assert.All(decisions, e => Assert.Equal("refused", LogCapture.Scalar(e, "Outcome")));
        Assert.Equal(["identity_required", "invalid_credentials"], decisions.Select(e => LogCapture.Scalar(e, "Reason")).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(sample.Logs.Events, e => LogCapture.Everything(e).Contains("airlock-demo-nobody", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_decisions_counter_counts_policy_decisions_by_outcome_and_reason()
    {
        await using var sample = new DefaultSampleFactory();
        using var collector = new MetricCollector<long>(sample.Services.GetRequiredService<IMeterFactory>(), "AgentAirlock", "airlock.decisions");
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);
        HttpClient admin = sample.CreateClientWithKey(DemoAgents.AdminKey);

        await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", PolicyWire.ValidArguments("add")));
        await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "delete_record", PolicyWire.ValidArguments("delete_record")));
        for (int call = 0; call < 31; call++)
        {
            await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", PolicyWire.ValidArguments("get_customer")));
        }

        await admin.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "delete_record", PolicyWire.ValidArguments("delete_record")));
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 14, 18, 0, 0, TimeSpan.Zero));
        await admin.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "delete_record", PolicyWire.ValidArguments("delete_record")));
        await sample.CreateClientWithKey(null).SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}"""));
        await sample.CreateClientWithKey("airlock-demo-nobody").SendMcpAsync(PolicyWire.ToolsList(McpHttp.NewId()));

        IReadOnlyList<CollectedMeasurement<long>> measurements = collector.GetMeasurementSnapshot();
        long Count(string outcome, string? reason) => measurements
            .Where(m => m.Tags["airlock.layer"] as string == "policy" && m.Tags["airlock.outcome"] as string == outcome
                && m.Tags.GetValueOrDefault("airlock.reason") as string == reason)
            .Sum(m => m.Value);

        Assert.Equal(2, Count("blocked", "policy_violation"));
        Assert.Equal(1, Count("blocked", "rate_limit"));
        Assert.Equal(1, Count("blocked", "time_restricted"));
        Assert.Equal(31, Count("allowed", null));
        Assert.Equal(1, Count("refused", "identity_required"));
        Assert.Equal(1, Count("refused", "invalid_credentials"));
        Assert.Equal(37, measurements.Where(m => m.Tags["airlock.layer"] as string == "policy").Sum(m => m.Value));
    }

    [Fact]
    public async Task The_rate_limit_rejections_counter_counts_each_refusal_by_policy()
    {
        await using var sample = new DefaultSampleFactory();
        using var collector = new MetricCollector<long>(sample.Services.GetRequiredService<IMeterFactory>(), "AgentAirlock", "airlock.rate_limit.rejections");
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);

        // The Reader policy allows 30 calls a minute per agent: the 31st and 32nd are refused.
        for (int call = 0; call < 32; call++)
        {
            await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", PolicyWire.ValidArguments("get_customer")));
        }

        IReadOnlyList<CollectedMeasurement<long>> measurements = collector.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Sum(m => m.Value));
        Assert.All(measurements, m => Assert.Equal(["airlock.policy"], m.Tags.Keys));
        Assert.All(measurements, m => Assert.Equal("Reader", m.Tags["airlock.policy"]));
    }
}
