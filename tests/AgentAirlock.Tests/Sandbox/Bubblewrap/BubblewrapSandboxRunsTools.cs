using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapSandboxRunsTools
{
    [Fact]
    public async Task A_tool_runs_and_its_result_comes_back()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":2,"b":3}""");

        Assert.Equal("5", BubblewrapHarness.Value(outcome));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(harness.SandboxProcesses());
    }

    [Fact]
    public async Task A_tool_that_throws_is_reported_with_its_exception()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Boom), "{}");

        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.Equal("System.InvalidOperationException: boom", outcome.Detail);
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public async Task A_caller_that_gives_up_gets_a_cancellation_and_the_sandbox_is_killed()
    {
        await using var harness = BubblewrapHarness.Create();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await harness.Sandbox.RunAsync(
            BubblewrapHarness.Invocation(typeof(HostileTools), nameof(HostileTools.Spin), "{}", BubblewrapHarness.Limits(timeoutSeconds: 30, cpuSeconds: 30)),
            giveUp.Token));

        Assert.Empty(harness.SandboxProcesses());
    }

    [Fact]
    public async Task A_missing_tool_assembly_fails_without_starting_a_sandbox()
    {
        await using var harness = BubblewrapHarness.Create();
        SandboxInvocation real = BubblewrapHarness.Invocation(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":2,"b":3}""");
        var missing = new SandboxInvocation(
            real.ToolName, "/nonexistent/Tools.dll", real.TypeName, real.MethodName, real.MetadataToken, real.Arguments, real.Limits);

        SandboxOutcome outcome = await harness.Sandbox.RunAsync(missing, CancellationToken.None);

        Assert.Equal(SandboxStatus.Failed, outcome.Status);
        Assert.Equal("the tool assembly Tools.dll was not found", outcome.Detail);
    }
}
