using AgentAirlock.Audit;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentAirlock.Tests.Audit;

public sealed class DecisionSinkCountsDecisions
{
    [Fact]
    public void Each_decision_adds_one_with_its_layer_outcome_reason_and_tool()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Blocked,
            Reason = "validation_error",
            ToolName = "add",
            ToolKnown = true,
        });

        CollectedMeasurement<long> measurement = Assert.Single(harness.Decisions.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("validation", measurement.Tags["airlock.layer"]);
        Assert.Equal("blocked", measurement.Tags["airlock.outcome"]);
        Assert.Equal("validation_error", measurement.Tags["airlock.reason"]);
        Assert.Equal("add", measurement.Tags["gen_ai.tool.name"]);
    }

    [Fact]
    public void The_name_of_an_unknown_tool_is_never_a_metric_dimension()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Refused,
            Reason = "unknown_tool",
            ToolName = "invented-" + Guid.NewGuid(),
            ToolKnown = false,
        });

        CollectedMeasurement<long> measurement = Assert.Single(harness.Decisions.GetMeasurementSnapshot());
        Assert.Equal("_unknown", measurement.Tags["gen_ai.tool.name"]);
    }

    [Fact]
    public void Decisions_without_a_reason_or_tool_carry_no_such_tags()
    {
        using var harness = new DecisionSinkHarness();

        harness.Sink.Report(new AirlockDecision { Layer = AirlockLayer.Envelope, Outcome = DecisionOutcome.Allowed });

        CollectedMeasurement<long> measurement = Assert.Single(harness.Decisions.GetMeasurementSnapshot());
        Assert.Equal("envelope", measurement.Tags["airlock.layer"]);
        Assert.Equal("allowed", measurement.Tags["airlock.outcome"]);
        Assert.False(measurement.Tags.ContainsKey("airlock.reason"));
        Assert.False(measurement.Tags.ContainsKey("gen_ai.tool.name"));
    }

    [Fact]
    public void Every_layer_and_outcome_has_its_tag_value()
    {
        using var harness = new DecisionSinkHarness();

        foreach (AirlockLayer layer in Enum.GetValues<AirlockLayer>())
        {
            foreach (DecisionOutcome outcome in Enum.GetValues<DecisionOutcome>())
            {
                harness.Sink.Report(new AirlockDecision { Layer = layer, Outcome = outcome });
            }
        }

        IReadOnlyList<CollectedMeasurement<long>> measurements = harness.Decisions.GetMeasurementSnapshot();
        Assert.Equal(
            ["envelope", "policy", "validation", "sanitizer", "sandbox", "audit"],
            measurements.Select(m => (string)m.Tags["airlock.layer"]!).Distinct());
        Assert.Equal(["allowed", "stripped", "blocked", "refused", "masked", "sandboxed"], measurements.Select(m => (string)m.Tags["airlock.outcome"]!).Distinct());
        Assert.Equal(36, measurements.Sum(m => m.Value));
    }

    [Fact]
    public void The_meter_and_counter_have_the_published_names()
    {
        using var harness = new DecisionSinkHarness();

        Assert.Equal("AgentAirlock", harness.Decisions.Instrument!.Meter.Name);
        Assert.Equal("airlock.decisions", harness.Decisions.Instrument.Name);
        Assert.Equal("AgentAirlock", AirlockTelemetry.ActivitySource.Name);
    }
}
