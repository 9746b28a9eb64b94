namespace AgentAirlock.Validation;

/// <summary>
/// What Airlock does with arguments a tool does not declare ("ghost" arguments).
/// </summary>
public enum UnknownArgumentsMode
{
    /// <summary>Refuse the call with a self-healing answer that names the unknown arguments.</summary>
    Reject = 0,

    /// <summary>Remove the unknown arguments, let the call proceed, and report their names.</summary>
    Strip = 1,

    /// <summary>Remove the unknown arguments and let the call proceed; reported at debug level only.</summary>
    StripSilently = 2,
}
