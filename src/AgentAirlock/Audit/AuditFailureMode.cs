namespace AgentAirlock.Audit;

/// <summary>What Airlock does with tool calls while their audit records cannot be written.</summary>
public enum AuditFailureMode
{
    /// <summary>Tool calls are refused (<c>block_reason: audit_unavailable</c>) until a record is written again.</summary>
    Closed,

    /// <summary>Tool calls are served; each record that could not be written is counted in <c>airlock.audit.lost</c>.</summary>
    Open,
}
