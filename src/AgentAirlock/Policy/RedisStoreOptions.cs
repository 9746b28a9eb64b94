namespace AgentAirlock.Policy;

/// <summary>The Redis rate-limit store.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>Gets or sets the StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>Gets or sets the prefix of every key Airlock writes. Default: <c>airlock:</c>.</summary>
    public string KeyPrefix { get; set; } = "airlock:";

    /// <summary>Gets or sets how long one rate-limit decision may wait for Redis before it counts as unreachable. Default: 250 ms.</summary>
    public int TimeoutMilliseconds { get; set; } = 250;
}
