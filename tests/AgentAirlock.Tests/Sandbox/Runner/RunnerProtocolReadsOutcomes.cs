using System.Text;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>What the runner wrote and its exit code become an outcome; anything but a well-formed answer fails closed.</summary>
public sealed class RunnerProtocolReadsOutcomes
{
    private static readonly TimeSpan Duration = TimeSpan.FromMilliseconds(70);

    private static SandboxOutcome Read(string stdout, int exitCode) =>
        RunnerProtocol.ReadOutcome(Encoding.UTF8.GetBytes(stdout), exitCode, Duration);

    [Fact]
    public void A_success_with_exit_code_zero_completes_with_the_document()
    {
        SandboxOutcome outcome = Read("""{"ok":true,"kind":"text","value":"hi"}""", 0);

        Assert.Equal(SandboxStatus.Completed, outcome.Status);
        Assert.Equal("hi", outcome.Result.GetProperty("value").GetString());
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(Duration, outcome.Duration);
        Assert.Null(outcome.Detail);
    }

    [Fact]
    public void A_success_document_with_a_failing_exit_code_is_not_trusted()
    {
        SandboxOutcome outcome = Read("""{"ok":true,"kind":"void"}""", 1);

        Assert.Equal(SandboxStatus.Failed, outcome.Status);
        Assert.Equal("the sandboxed process exited with code 1 without a result", outcome.Detail);
    }

    [Fact]
    public void A_tool_error_fails_the_tool_with_type_and_message()
    {
        SandboxOutcome outcome = Read(
            """{"ok":false,"error":{"kind":"tool","type":"System.IO.FileNotFoundException","message":"Could not find file."}}""", 1);

        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.Equal("System.IO.FileNotFoundException: Could not find file.", outcome.Detail);
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public void An_out_of_memory_error_is_out_of_memory()
    {
        SandboxOutcome outcome = Read(
            """{"ok":false,"error":{"kind":"outOfMemory","type":"System.OutOfMemoryException","message":"The tool ran out of memory."}}""", 3);

        Assert.Equal(SandboxStatus.OutOfMemory, outcome.Status);
    }

    [Fact]
    public void A_refusal_fails_with_the_runners_reason()
    {
        SandboxOutcome outcome = Read("""{"ok":false,"error":{"kind":"badRequest","message":"The required argument 'b' is missing."}}""", 2);

        Assert.Equal(SandboxStatus.Failed, outcome.Status);
        Assert.Equal("the runner refused the invocation: The required argument 'b' is missing.", outcome.Detail);
    }

    [Theory]
    [InlineData("", 137)]
    [InlineData("not json", 1)]
    [InlineData("""{"ok":true,"kind":"void"}{"ok":true,"kind":"void"}""", 0)]
    [InlineData("""[{"ok":true,"kind":"void"}]""", 0)]
    [InlineData("""{"kind":"void"}""", 0)]
    [InlineData("""{"ok":true,"kind":"poem","value":"roses"}""", 0)]
    [InlineData("""{"ok":true,"kind":"text","value":42}""", 0)]
    [InlineData("""{"ok":true,"kind":"contents","value":{"type":"text","text":"x"}}""", 0)]
    [InlineData("""{"ok":false,"error":{"kind":"mystery","message":"?"}}""", 1)]
    [InlineData("""{"ok":false,"error":"flat"}""", 1)]
    public void Anything_but_a_well_formed_answer_fails_without_a_result(string stdout, int exitCode)
    {
        SandboxOutcome outcome = Read(stdout, exitCode);

        Assert.Equal(SandboxStatus.Failed, outcome.Status);
        Assert.Equal($"the sandboxed process exited with code {exitCode} without a result", outcome.Detail);
        Assert.Equal(exitCode, outcome.ExitCode);
    }

    [Fact]
    public void Exit_code_three_without_an_answer_is_out_of_memory()
    {
        Assert.Equal(SandboxStatus.OutOfMemory, Read("", 3).Status);
    }
}
