using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>What one run of the real runner process produced.</summary>
internal sealed class RunnerRun
{
    public RunnerRun(byte[] stdout, string stderr, int exitCode, TimeSpan duration)
    {
        Stdout = stdout;
        Stderr = stderr;
        ExitCode = exitCode;
        Duration = duration;
    }

    public byte[] Stdout { get; }

    public string Stderr { get; }

    public int ExitCode { get; }

    public TimeSpan Duration { get; }

    /// <summary>Gets the outcome as a backend reads it.</summary>
    public SandboxOutcome Outcome => RunnerProtocol.ReadOutcome(Stdout, ExitCode, Duration);

    /// <summary>Gets the CLR value the SDK would see, for a completed outcome.</summary>
    public object? ReturnValue
    {
        get
        {
            SandboxOutcome outcome = Outcome;
            Assert.True(outcome.Status == SandboxStatus.Completed, $"{outcome.Status}: {outcome.Detail}\n{Stderr}");
            return RunnerProtocol.ToReturnValue(outcome.Result);
        }
    }
}
