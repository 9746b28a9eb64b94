namespace AgentAirlock.Policy;

/// <summary>How a rate limit partitions its buckets.</summary>
public enum RateLimitScope
{
    /// <summary>One bucket per agent for all the tools the limit matches (per agent and tool pattern).</summary>
    PerAgent = 0,

    /// <summary>One bucket per agent and per tool.</summary>
    PerAgentAndTool = 1,

    /// <summary>One bucket per tool, shared by every agent.</summary>
    PerTool = 2,

    /// <summary>One bucket for everything the limit matches, shared by every agent.</summary>
    Global = 3,
}
