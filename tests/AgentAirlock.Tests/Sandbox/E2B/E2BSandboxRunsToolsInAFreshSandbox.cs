using System.Text.Json;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// Calls through <see cref="AgentAirlock.Sandbox.E2B.E2BSandbox"/> against the fake, which really runs the uploaded
/// runner on the uploaded tool assembly: one sandbox per call, killed afterwards whatever happened.
/// </summary>
public sealed class E2BSandboxRunsToolsInAFreshSandbox
{
    [Fact]
    public async Task A_tool_runs_in_the_sandbox_and_its_value_comes_back()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
        Assert.Equal(0, outcome.ExitCode);
        object? value = RunnerProtocol.ToReturnValue(outcome.Result);
        Assert.Equal(5, Assert.IsType<JsonElement>(value).GetInt32());
        string sandbox = Assert.Single(harness.Server.Created);
        Assert.Equal(1, harness.Server.Sandbox(sandbox).ProcessCount);
        E2BAssert.Killed(harness.Server, sandbox);
    }

    [Fact]
    public async Task A_tool_that_throws_is_reported_by_its_exception_and_its_sandbox_is_killed()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();

        SandboxOutcome outcome = await harness.RunAsync("Boom", "{}");

        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.Equal("System.InvalidOperationException: boom", outcome.Detail);
        Assert.Equal(1, outcome.ExitCode);
        E2BAssert.Killed(harness.Server, Assert.Single(harness.Server.Created));
    }

    [Fact]
    public async Task Every_call_gets_a_sandbox_of_its_own()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();

        SandboxOutcome first = await harness.RunAsync("Echo", """{"text":"one"}""");
        SandboxOutcome second = await harness.RunAsync("Echo", """{"text":"two"}""");

        Assert.Equal("one", RunnerProtocol.ToReturnValue(first.Result));
        Assert.Equal("two", RunnerProtocol.ToReturnValue(second.Result));
        Assert.Equal(2, harness.Server.Created.Distinct().Count());
        Assert.All(harness.Server.Created, id => E2BAssert.Killed(harness.Server, id));
        Assert.Equal(harness.Server.Created, harness.Server.RequestsOf("start").Select(static request => request.Headers["E2b-Sandbox-Id"]));
    }
}
