using System.Diagnostics;
using AgentAirlock.Sandbox;
using AgentAirlock.Sandbox.Bubblewrap;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapSandboxEnforcesLimits
{
    [Fact]
    public async Task An_endless_loop_times_out_at_the_deadline_and_leaves_no_process()
    {
        await using var harness = BubblewrapHarness.Create();
        var clock = Stopwatch.StartNew();

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.Spin), "{}", BubblewrapHarness.Limits(timeoutSeconds: 1.5, cpuSeconds: 30));

        clock.Stop();
        Assert.Equal(SandboxStatus.TimedOut, outcome.Status);
        Assert.Equal("the tool did not finish within 1.5 s", outcome.Detail);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(6));
        Assert.Empty(harness.SandboxProcesses());
    }

    [Fact]
    public async Task Exhausting_the_cpu_time_kills_the_sandbox()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.Spin), "{}", BubblewrapHarness.Limits(timeoutSeconds: 20, cpuSeconds: 1));

        Assert.Equal(SandboxStatus.Killed, outcome.Status);
        Assert.Equal("CPU time limit of 1 s exhausted", outcome.Detail);
        Assert.Empty(harness.SandboxProcesses());
    }

    [Fact]
    public async Task A_managed_memory_hog_runs_out_of_memory_at_the_heap_limit()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.AllocateManaged), """{"megabytes":400}""", BubblewrapHarness.Limits(memoryMb: 64));

        Assert.Equal(SandboxStatus.OutOfMemory, outcome.Status);
        Assert.Equal("memory limit of 64 MiB exceeded", outcome.Detail);
    }

    [Fact]
    public async Task A_native_memory_hog_is_stopped_by_the_cgroup_or_the_address_space_limit()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.AllocateNative), """{"megabytes":3000}""", BubblewrapHarness.Limits(memoryMb: 64));

        Assert.Equal(SandboxStatus.OutOfMemory, outcome.Status);
        Assert.Equal("memory limit of 64 MiB exceeded", outcome.Detail);
        if (CgroupHierarchy.Detect().Version != CgroupVersion.None)
        {
            // The cgroup's OOM killer, not the tool's own OutOfMemoryException (exit 3), ended it.
            Assert.Equal(137, outcome.ExitCode);
        }

        Assert.Empty(harness.SandboxProcesses());
    }

    [Fact]
    public async Task Output_beyond_the_cap_kills_the_sandbox()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.FloodStdout), """{"megabytes":8}""");

        Assert.Equal(SandboxStatus.Killed, outcome.Status);
        Assert.Equal("output exceeded 1 MiB", outcome.Detail);
        Assert.Empty(harness.SandboxProcesses());
    }

    [Fact]
    public async Task Console_output_beyond_the_stderr_cap_is_dropped_without_harm()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.FloodConsole), """{"megabytes":4}""");

        Assert.Equal("printed", BubblewrapHarness.Value(outcome));
    }
}
