namespace AgentAirlock.SandboxRunner;

/// <summary>
/// The request cannot be carried out as asked (malformed, names a method the runner refuses, arguments that do not
/// bind). Its message is sent to the host, so it names parameters and types, never argument values.
/// </summary>
internal sealed class BadRequestException : Exception
{
    public BadRequestException()
    {
    }

    public BadRequestException(string message)
        : base(message)
    {
    }

    public BadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
