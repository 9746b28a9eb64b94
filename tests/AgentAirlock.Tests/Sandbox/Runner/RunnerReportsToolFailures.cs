using System.Text;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// A tool that throws ends the runner with exit code 1 and its exception's type and message (its stack trace goes
/// to stderr, never stdout); a tool that runs out of memory ends it with exit code 3.
/// </summary>
public sealed class RunnerReportsToolFailures
{
    /// <summary>A managed heap of 64 MiB, so that a hungry tool meets the limit quickly.</summary>
    private static readonly Dictionary<string, string> SmallHeap = new(StringComparer.Ordinal)
    {
        ["DOTNET_GCHeapHardLimit"] = "0x4000000",
        ["DOTNET_gcServer"] = "0",
    };

    [Fact]
    public async Task A_thrown_exception_is_reported_as_type_and_message()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Boom));

        SandboxOutcome outcome = run.Outcome;
        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("System.InvalidOperationException: boom", outcome.Detail);
    }

    [Fact]
    public async Task The_stack_trace_goes_to_stderr_and_never_to_stdout()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Boom));

        Assert.DoesNotContain(" at ", Encoding.UTF8.GetString(run.Stdout), StringComparison.Ordinal);
        Assert.Contains(nameof(SandboxTestTools.Boom), run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_returning_method_that_returns_null_fails_as_the_sdk_does()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.NullTask));

        Assert.Equal(SandboxStatus.ToolFailed, run.Outcome.Status);
        Assert.StartsWith("System.InvalidOperationException: ", run.Outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_out_of_managed_memory_is_reported_as_out_of_memory()
    {
        SandboxInvocation invocation = RunnerHarness.Invocation(RunnerHarness.Method(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.Exhaust)));

        RunnerRun run = await RunnerHarness.RunAsync(invocation, SmallHeap);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(SandboxStatus.OutOfMemory, run.Outcome.Status);
    }

    [Fact]
    public async Task Out_of_memory_wrapped_in_another_exception_is_still_out_of_memory()
    {
        SandboxInvocation invocation = RunnerHarness.Invocation(RunnerHarness.Method(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.WrappedOutOfMemory)));

        RunnerRun run = await RunnerHarness.RunAsync(invocation, SmallHeap);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(SandboxStatus.OutOfMemory, run.Outcome.Status);
    }

    [Fact]
    public async Task Console_output_of_the_tool_goes_to_stderr_and_leaves_the_result_intact()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Noisy), """{"value":7}""");

        Assert.Equal("""{"ok":true,"kind":"json","value":7}""", Encoding.UTF8.GetString(run.Stdout));
        Assert.Contains("noise", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("more noise", run.Stderr, StringComparison.Ordinal);
    }
}
