using AgentAirlock.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentAirlock.Tests.Audit;

public sealed class DecisionSinkLogsNamesNeverValues
{
    private const string Secret = "hunter2-SECRET-value";

    [Fact]
    public void An_allowed_call_is_logged_at_debug_with_its_argument_names_only()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Allowed,
            Method = "tools/call",
            ToolName = "add",
            ToolKnown = true,
            Arguments = DecisionSinkHarness.Arguments("""{"a":1,"password":"§","nested":{"token":"§"}}""".Replace("§", Secret, StringComparison.Ordinal)),
        });

        FakeLogRecord record = harness.Logger.LatestRecord;
        Assert.Equal(LogLevel.Debug, record.Level);
        Assert.Equal("AirlockAllowed", record.Id.Name);
        Assert.Contains("add", record.Message, StringComparison.Ordinal);
        Assert.Contains("password", record.Message, StringComparison.Ordinal);
        Assert.Contains("nested", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, string.Join(" ", record.StructuredState!.Select(p => p.Value)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DecisionOutcomeName.Blocked)]
    [InlineData(DecisionOutcomeName.Refused)]
    public void A_block_or_refusal_is_logged_at_information_with_its_reason(DecisionOutcomeName outcome)
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = (DecisionOutcome)outcome,
            Reason = "ghost_arguments",
            Method = "tools/call",
            ToolName = "add",
            ToolKnown = true,
            ArgumentNames = ["ghost"],
            Arguments = DecisionSinkHarness.Arguments("""{"a":1,"ghost":"§"}""".Replace("§", Secret, StringComparison.Ordinal)),
        });

        FakeLogRecord record = harness.Logger.LatestRecord;
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("AirlockRefused", record.Id.Name);
        Assert.Contains("ghost_arguments", record.Message, StringComparison.Ordinal);
        Assert.Contains("ghost", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strip_is_logged_at_information_and_a_silent_strip_at_debug()
    {
        using var harness = new DecisionSinkHarness();
        var stripped = new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Stripped,
            Reason = "ghost_arguments",
            ToolName = "add",
            ToolKnown = true,
            ArgumentNames = ["ghost", "address.extra"],
        };

        harness.Sink.Report(stripped);
        harness.Sink.Report(stripped with { Quiet = true });

        IReadOnlyList<FakeLogRecord> records = harness.Logger.Collector.GetSnapshot();
        Assert.Equal([LogLevel.Information, LogLevel.Debug], records.Select(r => r.Level));
        Assert.All(records, r => Assert.Contains("address.extra", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Names_with_control_characters_are_logged_harmlessly()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Allowed,
            ToolName = "add",
            ToolKnown = true,
            Arguments = DecisionSinkHarness.Arguments("""{"line\nbreak\u001b[31m":1}"""),
        });

        string message = harness.Logger.LatestRecord.Message;
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\u001b', message);
    }

    [Fact]
    public void Nothing_is_logged_when_the_level_is_disabled()
    {
        using var harness = new DecisionSinkHarness();
        harness.Logger.ControlLevel(LogLevel.Debug, enabled: false);

        harness.Sink.Report(new AirlockDecision { Layer = AirlockLayer.Envelope, Outcome = DecisionOutcome.Allowed });

        Assert.Equal(0, harness.Logger.Collector.Count);
    }

    /// <summary><see cref="DecisionOutcome"/> is internal; theories of public tests name its values through this mirror.</summary>
    public enum DecisionOutcomeName
    {
        Allowed = DecisionOutcome.Allowed,
        Stripped = DecisionOutcome.Stripped,
        Blocked = DecisionOutcome.Blocked,
        Refused = DecisionOutcome.Refused,
    }
}
