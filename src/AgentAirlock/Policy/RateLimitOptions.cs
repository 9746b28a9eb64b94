namespace AgentAirlock.Policy;

/// <summary>
/// A rate limit: a token bucket of <c>N</c> calls per second, minute, hour or day.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Gets the globs of the tools the limit applies to. Empty means every tool.</summary>
    public IList<string> Tools { get; } = [];

    /// <summary>
    /// Gets or sets the limit as <c>N/second</c>, <c>N/minute</c>, <c>N/hour</c> or <c>N/day</c>: a bucket of N tokens,
    /// full at first, refilled continuously at N per period. <c>0/…</c> refuses every call.
    /// </summary>
    public string Limit { get; set; } = string.Empty;

    /// <summary>Gets or sets how callers and tools share buckets. Default: <see cref="RateLimitScope.PerAgent"/>.</summary>
    public RateLimitScope Scope { get; set; } = RateLimitScope.PerAgent;
}
