using AgentAirlock.Audit;
using Microsoft.Extensions.Logging.Testing;

namespace AgentAirlock.Tests.Audit;

public sealed class DecisionSinkNamesWhatARequestLacks
{
    [Fact]
    public void An_anonymous_refusal_without_a_tool_reads_as_such_instead_of_null()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Policy,
            Outcome = DecisionOutcome.Refused,
            Reason = "identity_required",
            Method = "initialize",
        });

        FakeLogRecord record = harness.Logger.LatestRecord;
        Assert.Equal("Airlock policy refused initialize (no tool) for agent (anonymous): identity_required; arguments []", record.Message);
        Assert.Equal("(anonymous)", record.GetStructuredStateValue("AgentId"));
        Assert.Equal("(no tool)", record.GetStructuredStateValue("Tool"));
    }

    [Fact]
    public void A_decision_without_a_method_names_none()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision { Layer = AirlockLayer.Envelope, Outcome = DecisionOutcome.Refused, Reason = "malformed_json" });

        Assert.Equal("(no method)", harness.Logger.LatestRecord.GetStructuredStateValue("Method"));
        Assert.DoesNotContain("null", harness.Logger.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_agent_and_tool_are_logged_as_they_are()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Policy,
            Outcome = DecisionOutcome.Blocked,
            Reason = "policy_violation",
            Method = "tools/call",
            ToolName = "delete_record",
            ToolKnown = true,
            AgentId = "reader",
        });

        FakeLogRecord record = harness.Logger.LatestRecord;
        Assert.Equal("reader", record.GetStructuredStateValue("AgentId"));
        Assert.Equal("delete_record", record.GetStructuredStateValue("Tool"));
    }
}
