namespace AgentAirlock.Audit;

/// <summary>How a tool call ended, as one audit record and the <c>airlock.tool.calls</c> metric state it.</summary>
internal enum CallDecision
{
    /// <summary>The call reached the tool (its arguments may have been stripped, its result masked).</summary>
    Allowed,

    /// <summary>A layer answered with a self-healing blocked result.</summary>
    Blocked,

    /// <summary>The request was refused at the HTTP or JSON-RPC level (an invalid envelope, missing credentials).</summary>
    Refused,

    /// <summary>The pipeline failed with an exception.</summary>
    Failed,
}
