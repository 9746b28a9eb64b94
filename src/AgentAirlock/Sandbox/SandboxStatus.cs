namespace AgentAirlock.Sandbox;

/// <summary>How a sandboxed invocation ended.</summary>
public enum SandboxStatus
{
    /// <summary>The tool ran and returned; <see cref="SandboxOutcome.Result"/> holds what it returned.</summary>
    Completed,

    /// <summary>The tool threw; <see cref="SandboxOutcome.Detail"/> is <c>ExceptionType: message</c>.</summary>
    ToolFailed,

    /// <summary>The wall-clock deadline passed and the sandbox was killed.</summary>
    TimedOut,

    /// <summary>The tool ran out of the memory it was allowed.</summary>
    OutOfMemory,

    /// <summary>The sandbox was killed: CPU time exhausted, output too large, or a signal.</summary>
    Killed,

    /// <summary>The backend cannot run sandboxes here (not installed, not permitted, not configured, unreachable).</summary>
    Unavailable,

    /// <summary>The invocation could not be carried out for another reason, given in <see cref="SandboxOutcome.Detail"/>.</summary>
    Failed,
}
