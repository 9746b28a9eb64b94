namespace AgentAirlock.Policy;

/// <summary>What the policy layer does when it cannot decide (the rate-limit store is unreachable).</summary>
public enum PolicyFailureMode
{
    /// <summary>Refuse the call with a specific reason.</summary>
    Closed = 0,

    /// <summary>Decide with in-memory buckets instead and report the decision as degraded.</summary>
    Open = 1,
}
