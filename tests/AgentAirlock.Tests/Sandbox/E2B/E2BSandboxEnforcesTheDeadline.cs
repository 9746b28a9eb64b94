using System.Diagnostics;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// The invocation's timeout bounds the whole call (create, upload, run): past it the outcome is a time-out and the
/// sandbox is killed. A caller that gives up gets its cancellation, and the sandbox is killed all the same.
/// </summary>
public sealed class E2BSandboxEnforcesTheDeadline
{
    [Theory]
    [InlineData(FakeE2BDeadlineEnding.SignalKilled)]
    [InlineData(FakeE2BDeadlineEnding.DeadlineExceeded)]
    public async Task A_tool_that_outlives_its_deadline_times_out_and_its_sandbox_is_killed(FakeE2BDeadlineEnding ending)
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.DeadlineEnding = ending;
        var watch = Stopwatch.StartNew();

        SandboxOutcome outcome = await harness.RunAsync("Wait", """{"milliseconds":60000}""", TimeSpan.FromSeconds(3));

        Assert.Equal(SandboxStatus.TimedOut, outcome.Status);
        Assert.Equal("The tool did not finish within 3 s; the sandbox was killed.", outcome.Detail);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(15));
        E2BAssert.Killed(harness.Server, Assert.Single(harness.Server.Created));
    }

    [Fact]
    public async Task A_deadline_that_passes_during_creation_is_a_time_out_too()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.FailNext("create", 429, retryAfter: "5");

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""", TimeSpan.FromSeconds(1));

        Assert.Equal(SandboxStatus.TimedOut, outcome.Status);
        Assert.Single(harness.Server.RequestsOf("create"));
        Assert.Empty(harness.Server.Created);
    }

    [Fact]
    public async Task A_caller_that_gives_up_gets_its_cancellation_and_the_sandbox_is_killed()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        using var giveUp = new CancellationTokenSource();
        SandboxInvocation invocation = E2BHarness.Invocation("Wait", """{"milliseconds":60000}""");

        Task<SandboxOutcome> call = harness.Sandbox.RunAsync(invocation, giveUp.Token).AsTask();
        await E2BAssert.EventuallyAsync(() => harness.Server.RequestsOf("start").Count == 1);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        E2BAssert.Killed(harness.Server, Assert.Single(harness.Server.Created));
    }
}
