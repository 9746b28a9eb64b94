using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace AgentAirlock.Policy;

/// <summary>
/// Buckets in this process. Full buckets are dropped from time to time (a full bucket and a missing one mean the
/// same), so callers inventing agent or tool names cannot grow memory without also spending tokens.
/// </summary>
internal sealed class MemoryRateLimitStore : IRateLimitStore
{
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<RateLimitKey, TokenBucketLimiter> _buckets = new();
    private readonly TimeProvider _time;
    private int _untilSweep = SweepEvery;

    public MemoryRateLimitStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public int BucketCount => _buckets.Count;

    public ValueTask<RateLimitOutcome> AcquireAsync(CompiledPolicy policy, AgentIdentity identity, string tool, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Acquire(policy, identity, tool));

    public RateLimitOutcome Acquire(CompiledPolicy policy, AgentIdentity identity, string tool)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(identity);
        RateRule[] rules = policy.Rates;
        for (int i = 0; i < rules.Length; i++)
        {
            if (!rules[i].Governs(tool))
            {
                continue;
            }

            using RateLimitLease lease = Bucket(rules[i], identity, tool).AttemptAcquire(1);
            if (!lease.IsAcquired)
            {
                // All or nothing: give back what the earlier buckets of this call gave.
                for (int j = 0; j < i; j++)
                {
                    if (rules[j].Governs(tool))
                    {
                        Bucket(rules[j], identity, tool).Refund(1);
                    }
                }

                lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter);
                return LongestWait(rules, i, retryAfter, identity, tool);
            }
        }

        if (Interlocked.Decrement(ref _untilSweep) <= 0)
        {
            Sweep();
        }

        return RateLimitOutcome.Admitted;
    }

    /// <summary>
    /// The refusal names the rule that keeps the caller waiting longest: a call retried after a shorter wait would
    /// only be refused again by a later empty bucket.
    /// </summary>
    private RateLimitOutcome LongestWait(RateRule[] rules, int refusing, TimeSpan retryAfter, AgentIdentity identity, string tool)
    {
        RateRule longest = rules[refusing];
        for (int j = refusing + 1; j < rules.Length; j++)
        {
            if (rules[j].Governs(tool) && Bucket(rules[j], identity, tool).UntilNextToken() is var wait && wait > retryAfter)
            {
                (longest, retryAfter) = (rules[j], wait);
            }
        }

        return new RateLimitOutcome(false, longest, retryAfter);
    }

    private TokenBucketLimiter Bucket(RateRule rule, AgentIdentity identity, string tool) =>
        _buckets.GetOrAdd(RateLimitKey.For(rule, identity, tool), static (_, state) => new TokenBucketLimiter(state.Rate, state.Time), (rule.Rate, Time: _time));

    private void Sweep()
    {
        Interlocked.Exchange(ref _untilSweep, SweepEvery);
        foreach ((RateLimitKey key, TokenBucketLimiter bucket) in _buckets)
        {
            if (bucket.IsFull && _buckets.TryRemove(new KeyValuePair<RateLimitKey, TokenBucketLimiter>(key, bucket)))
            {
                bucket.Dispose();
            }
        }
    }
}
