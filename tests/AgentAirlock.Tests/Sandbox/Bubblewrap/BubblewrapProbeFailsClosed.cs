using AgentAirlock.Sandbox;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapProbeFailsClosed
{
    [Fact]
    public async Task A_missing_bwrap_makes_every_invocation_unavailable_with_the_reason()
    {
        await using var harness = BubblewrapHarness.Create(options => options.BwrapPath = "/nonexistent/bwrap");

        SandboxOutcome first = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadEnvironment), "{}");
        SandboxOutcome second = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadEnvironment), "{}");

        Assert.Equal(SandboxStatus.Unavailable, first.Status);
        Assert.Equal("bubblewrap is not available: bwrap was not found at /nonexistent/bwrap", first.Detail);
        Assert.Equal(SandboxStatus.Unavailable, second.Status);
        Assert.Single(harness.Logs.GetSnapshot(), record => record.Id.Id == 61);
    }

    [Fact]
    public async Task A_bwrap_that_cannot_make_the_sandbox_makes_every_invocation_unavailable()
    {
        await using var harness = BubblewrapHarness.Create(options => options.BwrapPath = "/bin/false");

        SandboxOutcome outcome = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadEnvironment), "{}");

        Assert.Equal(SandboxStatus.Unavailable, outcome.Status);
        Assert.Equal("bubblewrap is not available: the probe sandbox exited with code 1", outcome.Detail);
        Assert.Empty(harness.SandboxProcesses());
    }

    [Fact]
    public async Task A_working_sandbox_logs_its_limit_layers_once()
    {
        await using var harness = BubblewrapHarness.Create();

        await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadEnvironment), "{}");
        await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadEnvironment), "{}");

        var announcement = Assert.Single(harness.Logs.GetSnapshot(), record => record.Id.Id == 60);
        Assert.Equal(LogLevel.Information, announcement.Level);
        Assert.Contains("cgroup", announcement.Message, StringComparison.Ordinal);
    }
}
