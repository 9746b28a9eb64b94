namespace AgentAirlock.Audit;

/// <summary>What a layer decided about a message.</summary>
internal enum DecisionOutcome
{
    /// <summary>The message passed the layer unchanged.</summary>
    Allowed,

    /// <summary>Undeclared arguments were removed and the call went on.</summary>
    Stripped,

    /// <summary>The call was answered with a self-healing blocked result.</summary>
    Blocked,

    /// <summary>The message was refused with a JSON-RPC or HTTP error (malformed, unknown tool, transport rule).</summary>
    Refused,

    /// <summary>Sensitive values were masked (or the output truncated) and the message went on.</summary>
    Masked,

    /// <summary>The tool ran in the sandbox and its result went back to the caller.</summary>
    Sandboxed,
}
