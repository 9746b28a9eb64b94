using System.Diagnostics;
using AgentAirlock.Audit;

namespace AgentAirlock.Tests.Audit;

public sealed class DecisionSinkTagsActivities : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == AirlockTelemetry.Name,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public DecisionSinkTagsActivities() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void A_blocked_decision_tags_the_airlock_activity_and_marks_it_as_an_error()
    {
        using var harness = new DecisionSinkHarness();
        using Activity? activity = AirlockTelemetry.ActivitySource.StartActivity("airlock tools/call");
        Assert.NotNull(activity);

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Blocked,
            Reason = "ghost_arguments",
            ToolName = "add",
            ToolKnown = true,
        });

        Assert.Equal("blocked", activity.GetTagItem("airlock.outcome"));
        Assert.Equal("blocked", activity.GetTagItem("airlock.validation.outcome"));
        Assert.Equal("ghost_arguments", activity.GetTagItem("airlock.reason"));
        Assert.Equal("add", activity.GetTagItem("gen_ai.tool.name"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public void An_allowed_decision_tags_the_activity_without_an_error()
    {
        using var harness = new DecisionSinkHarness();
        using Activity? activity = AirlockTelemetry.ActivitySource.StartActivity("airlock tools/call");
        Assert.NotNull(activity);

        harness.Sink.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Allowed,
            ToolName = "unknown-tool",
            ToolKnown = false,
        });

        Assert.Equal("allowed", activity.GetTagItem("airlock.outcome"));
        Assert.Equal("_unknown", activity.GetTagItem("gen_ai.tool.name"));
        Assert.Null(activity.GetTagItem("airlock.reason"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public void An_activity_of_another_source_is_left_alone()
    {
        using var harness = new DecisionSinkHarness();
        using var other = new Activity("someone else");
        other.Start();

        harness.Sink.Report(new AirlockDecision { Layer = AirlockLayer.Validation, Outcome = DecisionOutcome.Blocked, Reason = "validation_error" });

        Assert.Empty(other.TagObjects);
        Assert.Equal(ActivityStatusCode.Unset, other.Status);
    }
}
