using AgentAirlock.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapDeadlinesFollowTheServerClock
{
    [Fact]
    public async Task A_frozen_clock_holds_up_nothing_but_the_deadline()
    {
        var clock = new FakeTimeProvider();
        await using var harness = BubblewrapHarness.Create(clock: clock);

        SandboxOutcome outcome = await harness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":2,"b":3}""")
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("5", BubblewrapHarness.Value(outcome));
    }

    [Fact]
    public async Task The_deadline_passes_when_the_server_clock_says_so()
    {
        var clock = new FakeTimeProvider();
        await using var harness = BubblewrapHarness.Create(clock: clock);
        Task<SandboxOutcome> running = harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.Spin), "{}", BubblewrapHarness.Limits(timeoutSeconds: 5, cpuSeconds: 60)).AsTask();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (harness.SandboxProcesses().Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        await Task.Delay(500);
        Assert.False(running.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));
        SandboxOutcome outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SandboxStatus.TimedOut, outcome.Status);
        Assert.Empty(harness.SandboxProcesses());
    }
}
