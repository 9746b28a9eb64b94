using System.Diagnostics;
using System.Globalization;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapPoolServesPrestartedRunners
{
    [Fact]
    public async Task A_call_is_served_by_a_runner_started_before_it_and_each_runner_serves_one_call()
    {
        await using var harness = BubblewrapHarness.Create(options => options.PoolSize = 1);

        Identity cold = Identity.Of(await harness.RunAsync(typeof(ProcessProbeTools), nameof(ProcessProbeTools.Identify), "{}"));
        int pooled = await WaitForOneWaitingRunnerAsync(harness);
        await Task.Delay(500);
        Identity warm = Identity.Of(await harness.RunAsync(typeof(ProcessProbeTools), nameof(ProcessProbeTools.Identify), "{}"));
        int refilled = await WaitForOneWaitingRunnerAsync(harness);

        Assert.Equal(1, cold.Calls);
        Assert.Equal(1, warm.Calls);
        Assert.NotEqual(cold.Instance, warm.Instance);
        Assert.True(warm.AgeMs >= 500, $"the runner was {warm.AgeMs} ms old when the call arrived");
        Assert.NotEqual(pooled, refilled);
        Assert.DoesNotContain(pooled, harness.SandboxProcesses());
    }

    [Fact]
    public async Task Disposing_the_sandbox_kills_the_waiting_runners()
    {
        var harness = BubblewrapHarness.Create(options => options.PoolSize = 2);
        await harness.RunAsync(typeof(ProcessProbeTools), nameof(ProcessProbeTools.Identify), "{}");
        var clock = Stopwatch.StartNew();
        while (harness.SandboxProcesses().Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, harness.SandboxProcesses().Count);
        await harness.DisposeAsync();

        Assert.Empty(harness.SandboxProcesses());
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public async Task At_most_the_configured_number_of_sandboxes_run_at_once(int maxConcurrency, bool overlapExpected)
    {
        await using var harness = BubblewrapHarness.Create(options => options.MaxConcurrency = maxConcurrency);

        SandboxOutcome[] outcomes = await Task.WhenAll(
            harness.RunAsync(typeof(ProcessProbeTools), nameof(ProcessProbeTools.Interval), """{"milliseconds":1500}""").AsTask(),
            harness.RunAsync(typeof(ProcessProbeTools), nameof(ProcessProbeTools.Interval), """{"milliseconds":1500}""").AsTask());

        long[][] intervals = [.. outcomes.Select(outcome => BubblewrapHarness.Value(outcome).Split(' ').Select(long.Parse).ToArray())];
        bool overlap = intervals[0][0] < intervals[1][1] && intervals[1][0] < intervals[0][1];
        Assert.Equal(overlapExpected, overlap);
    }

    private static async Task<int> WaitForOneWaitingRunnerAsync(BubblewrapHarness harness)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            IReadOnlyList<int> processes = harness.SandboxProcesses();
            if (processes.Count == 1)
            {
                return processes[0];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the pool did not start its runner");
    }

    private sealed record Identity(string Instance, int Calls, long AgeMs)
    {
        public static Identity Of(SandboxOutcome outcome)
        {
            string[] parts = BubblewrapHarness.Value(outcome).Split(' ');
            return new Identity(
                parts[0],
                int.Parse(parts[1], CultureInfo.InvariantCulture),
                long.Parse(parts[2], CultureInfo.InvariantCulture));
        }
    }
}
