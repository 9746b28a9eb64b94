using System.Text.Json;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// The runner binds arguments by parameter name, finds overloads by metadata token, uses declared defaults, and
/// fills the parameters that need no server itself (a never-cancelled token, a progress reporter that goes nowhere).
/// </summary>
public sealed class RunnerBindsParametersAsTheSdkDoes
{
    [Fact]
    public async Task Each_overload_is_reached_by_its_own_metadata_token()
    {
        SandboxInvocation ofInt = RunnerHarness.Invocation(
            RunnerHarness.Method(typeof(SandboxTestTools), nameof(SandboxTestTools.Describe), typeof(int)), """{"value":5}""");
        SandboxInvocation ofString = RunnerHarness.Invocation(
            RunnerHarness.Method(typeof(SandboxTestTools), nameof(SandboxTestTools.Describe), typeof(string)), """{"value":"five"}""");

        Assert.Equal("int 5", (await RunnerHarness.RunAsync(ofInt)).ReturnValue);
        Assert.Equal("string five", (await RunnerHarness.RunAsync(ofString)).ReturnValue);
    }

    [Fact]
    public async Task Missing_optional_arguments_take_their_declared_defaults()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Greet), """{"name":"Ada"}""");

        Assert.Equal("Hello, Ada!", run.ReturnValue);
    }

    [Fact]
    public async Task Given_optional_arguments_override_the_defaults()
    {
        RunnerRun run = await RunnerHarness.RunAsync(
            typeof(SandboxTestTools), nameof(SandboxTestTools.Greet), """{"name":"Ada","greeting":"Hi","times":2}""");

        Assert.Equal("Hi, Ada! Hi, Ada!", run.ReturnValue);
    }

    [Fact]
    public async Task Arguments_the_method_does_not_declare_are_ignored()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":1,"b":2,"c":40}""");

        Assert.Equal(3, Assert.IsType<JsonElement>(run.ReturnValue).GetInt32());
    }

    [Fact]
    public async Task A_cancellation_token_parameter_gets_a_token_that_is_never_cancelled()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Wait), """{"milliseconds":1}""");

        Assert.Equal("not cancellable", run.ReturnValue);
    }

    [Fact]
    public async Task A_progress_parameter_gets_a_reporter_that_accepts_reports()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Progress), """{"text":"done"}""");

        Assert.Equal("done", run.ReturnValue);
    }

    [Fact]
    public async Task A_service_parameter_with_a_default_takes_the_default()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.OptionalLogger), """{"text":"plain"}""");

        Assert.Equal("plain", run.ReturnValue);
    }

    [Fact]
    public async Task Null_binds_to_a_nullable_value_type()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.Nullable), """{"value":null}""");

        Assert.Equal(-1, Assert.IsType<JsonElement>(run.ReturnValue).GetInt32());
    }

    [Fact]
    public async Task A_prewarmed_runner_answers_exactly_as_a_cold_one()
    {
        SandboxInvocation invocation = RunnerHarness.Invocation(
            RunnerHarness.Method(typeof(SandboxTestTools), nameof(SandboxTestTools.Measure)), """{"name":"warm","value":3}""");

        RunnerRun cold = await RunnerHarness.RunAsync(invocation);
        RunnerRun warm = await RunnerHarness.RunAsync(invocation, environment: null, "--prewarm");

        Assert.Equal(SandboxStatus.Completed, warm.Outcome.Status);
        Assert.Equal(cold.Stdout, warm.Stdout);
    }
}
