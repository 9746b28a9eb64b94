namespace AgentAirlock.Protocol;

/// <summary>
/// The one vocabulary of reasons a call is refused with a self-healing answer, shared by every layer.
/// </summary>
internal enum BlockReason
{
    ValidationError,
    GhostArguments,
    PolicyViolation,
    RateLimit,
    RateLimitUnavailable,
    TimeRestricted,
    SandboxError,
    SecretInArguments,

    /// <summary>The audit trail cannot record calls and its failure mode is Closed.</summary>
    AuditUnavailable,
}

internal static class BlockReasonNames
{
    /// <summary>The wire name (<c>block_reason</c>) of a reason.</summary>
    public static string ToWireName(this BlockReason reason) => reason switch
    {
        BlockReason.ValidationError => "validation_error",
        BlockReason.GhostArguments => "ghost_arguments",
        BlockReason.PolicyViolation => "policy_violation",
        BlockReason.RateLimit => "rate_limit",
        BlockReason.RateLimitUnavailable => "rate_limit_unavailable",
        BlockReason.TimeRestricted => "time_restricted",
        BlockReason.SandboxError => "sandbox_error",
        BlockReason.SecretInArguments => "secret_in_arguments",
        BlockReason.AuditUnavailable => "audit_unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
