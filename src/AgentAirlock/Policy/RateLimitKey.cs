namespace AgentAirlock.Policy;

/// <summary>Identifies one bucket: the rule, and the agent and tool where the rule's scope partitions by them.</summary>
internal readonly record struct RateLimitKey(string RuleId, string? Agent, string? Tool)
{
    public static RateLimitKey For(RateRule rule, AgentIdentity identity, string tool) => rule.Scope switch
    {
        RateLimitScope.PerAgent => new(rule.Id, identity.Partition, null),
        RateLimitScope.PerAgentAndTool => new(rule.Id, identity.Partition, tool),
        RateLimitScope.PerTool => new(rule.Id, null, tool),
        _ => new(rule.Id, null, null),
    };
}
