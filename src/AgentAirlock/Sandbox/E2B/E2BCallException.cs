namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// A call to E2B that failed for a reason the invocation's outcome should name. The message is the outcome's detail:
/// it never holds the API key, the sandbox's access token or anything the tool produced.
/// </summary>
internal sealed class E2BCallException : Exception
{
    public E2BCallException(SandboxStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    public E2BCallException(SandboxStatus status, string message, Exception innerException)
        : base(message, innerException)
    {
        Status = status;
    }

    public E2BCallException()
    {
    }

    public E2BCallException(string message)
        : base(message)
    {
    }

    public E2BCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the outcome status the failure maps to.</summary>
    public SandboxStatus Status { get; } = SandboxStatus.Failed;
}
