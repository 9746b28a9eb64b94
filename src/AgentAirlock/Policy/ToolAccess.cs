namespace AgentAirlock.Policy;

/// <summary>What a policy's allow and deny lists say of a tool.</summary>
internal enum ToolAccess
{
    Allowed,

    /// <summary>A deny glob matches (deny wins over allow).</summary>
    Denied,

    /// <summary>No allow glob matches, or the allow list is empty and the policy denies by default.</summary>
    NotAllowed,
}
