using System.Diagnostics;
using System.Globalization;
using AgentAirlock.Sandbox;
using AgentAirlock.Sandbox.Bubblewrap;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapSandboxContainsForkBombs
{
    private const int MaxProcesses = 24;

    [Fact]
    public async Task Forks_are_refused_at_the_process_limit()
    {
        Assert.NotEqual(CgroupVersion.None, CgroupHierarchy.Detect().Version);
        await using var harness = BubblewrapHarness.Create(options => options.MaxProcesses = MaxProcesses);

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.ForkUntilRefused), """{"most":1000}""", BubblewrapHarness.Limits(timeoutSeconds: 15));

        string[] counts = BubblewrapHarness.Value(outcome).Split(' ');
        int forks = int.Parse(counts[0], CultureInfo.InvariantCulture);
        int refused = int.Parse(counts[1], CultureInfo.InvariantCulture);
        // The runtime's own threads count against the limit too.
        Assert.InRange(forks, 1, MaxProcesses - 1);
        Assert.Equal(1, refused);
        Assert.Empty(harness.SandboxProcesses());
        await AssertTheHostStillStartsProcessesAsync();
    }

    [Fact]
    public async Task A_fork_bomb_is_contained_and_killed_at_the_deadline()
    {
        await using var harness = BubblewrapHarness.Create(options => options.MaxProcesses = MaxProcesses);
        Task<SandboxOutcome> running = harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.ForkBomb), "{}", BubblewrapHarness.Limits(timeoutSeconds: 3, cpuSeconds: 60)).AsTask();
        int mostSeen = 0;
        while (!running.IsCompleted)
        {
            mostSeen = Math.Max(mostSeen, harness.SandboxProcesses().Count);
            await Task.Delay(100);
        }

        SandboxOutcome outcome = await running;

        Assert.Equal(SandboxStatus.TimedOut, outcome.Status);
        Assert.InRange(mostSeen, 1, MaxProcesses);
        Assert.Empty(harness.SandboxProcesses());
        await AssertTheHostStillStartsProcessesAsync();
    }

    private static async Task AssertTheHostStillStartsProcessesAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }
}
