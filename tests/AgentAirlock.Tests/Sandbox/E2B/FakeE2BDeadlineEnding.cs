namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>The two legitimate ways envd reports a process killed at its <c>Connect-Timeout-Ms</c> deadline.</summary>
public enum FakeE2BDeadlineEnding
{
    /// <summary>An end event <c>{"exitCode":-1,"status":"signal: killed"}</c>, then an empty end-stream frame.</summary>
    SignalKilled,

    /// <summary>Only an end-stream error <c>deadline_exceeded</c>.</summary>
    DeadlineExceeded,
}
