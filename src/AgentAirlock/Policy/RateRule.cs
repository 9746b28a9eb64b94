using AgentAirlock.Protocol;

namespace AgentAirlock.Policy;

/// <summary>
/// A rate limit of a policy: its tools (none: every tool), its rate and how it partitions buckets. <c>Id</c>
/// identifies the rule in bucket keys: the policy name and the rule's position.
/// </summary>
internal sealed record RateRule(string Id, Glob[] Tools, Rate Rate, RateLimitScope Scope)
{
    public bool Governs(string tool)
    {
        foreach (Glob glob in Tools)
        {
            if (glob.IsMatch(tool))
            {
                return true;
            }
        }

        return Tools.Length == 0;
    }

    public string Describe() => Scope switch
    {
        RateLimitScope.PerAgent => $"{Rate.Text} per agent",
        RateLimitScope.PerAgentAndTool => $"{Rate.Text} per agent and tool",
        RateLimitScope.PerTool => $"{Rate.Text} per tool",
        _ => $"{Rate.Text} in total",
    };
}
