namespace AgentAirlock.Policy;

/// <summary>
/// Where buckets live. A call takes one token from every bucket of every rule of the governing policy that matches
/// its tool, all or nothing.
/// </summary>
internal interface IRateLimitStore
{
    ValueTask<RateLimitOutcome> AcquireAsync(CompiledPolicy policy, AgentIdentity identity, string tool, CancellationToken cancellationToken);
}
