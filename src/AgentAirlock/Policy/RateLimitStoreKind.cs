namespace AgentAirlock.Policy;

/// <summary>Where rate-limit buckets live.</summary>
public enum RateLimitStoreKind
{
    /// <summary>In this process: each server instance has its own budget.</summary>
    Memory = 0,

    /// <summary>In Redis, updated atomically on the server: every instance shares one budget.</summary>
    Redis = 1,
}
