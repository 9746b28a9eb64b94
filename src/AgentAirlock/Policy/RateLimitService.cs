using Microsoft.Extensions.Logging;

namespace AgentAirlock.Policy;

/// <summary>
/// Takes tokens for a call from the configured store, and applies the failure mode when Redis cannot be reached:
/// refuse (closed) or decide with the in-memory buckets and say so (open).
/// </summary>
internal sealed class RateLimitService : IAsyncDisposable
{
    private readonly MemoryRateLimitStore _memory;
    private readonly ILogger _logger;
    private readonly Lock _storeLock = new();
    private RedisRateLimitStore? _redis;

    public RateLimitService(TimeProvider time, ILogger<RateLimitService> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _memory = new MemoryRateLimitStore(time);
        _logger = logger;
    }

    public ValueTask<RateLimitOutcome> AcquireAsync(PolicyOptions options, CompiledPolicy policy, AgentIdentity identity, string tool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Rates.Length == 0)
        {
            return ValueTask.FromResult(RateLimitOutcome.Admitted);
        }

        return options.RateLimitStore == RateLimitStoreKind.Memory
            ? _memory.AcquireAsync(policy, identity, tool, cancellationToken)
            : AcquireSharedAsync(options, policy, identity, tool, cancellationToken);
    }

    /// <summary>Starts connecting to a configured Redis store ahead of the first call.</summary>
    public void Prepare(PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RateLimitStore == RateLimitStoreKind.Redis)
        {
            Redis(options.Redis);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is { } redis)
        {
            await redis.DisposeAsync();
        }
    }

    private async ValueTask<RateLimitOutcome> AcquireSharedAsync(PolicyOptions options, CompiledPolicy policy, AgentIdentity identity, string tool, CancellationToken cancellationToken)
    {
        RateLimitOutcome outcome = await Redis(options.Redis).AcquireAsync(policy, identity, tool, cancellationToken);
        if (!outcome.Unavailable || options.FailureMode == PolicyFailureMode.Closed)
        {
            return outcome;
        }

        return _memory.Acquire(policy, identity, tool) with { Degraded = true };
    }

    private RedisRateLimitStore Redis(RedisStoreOptions options)
    {
        RedisRateLimitStore? current = _redis;
        if (current is not null && current.Matches(options))
        {
            return current;
        }

        lock (_storeLock)
        {
            if (_redis is null || !_redis.Matches(options))
            {
                RedisRateLimitStore? previous = _redis;
                _redis = new RedisRateLimitStore(options, _logger);
                _redis.StartConnecting();

                // A reload changed the connection; the old one serves calls still in flight, then goes.
                if (previous is not null)
                {
                    _ = Task.Delay(TimeSpan.FromSeconds(30)).ContinueWith(_ => previous.DisposeAsync().AsTask(), TaskScheduler.Default);
                }
            }

            return _redis;
        }
    }
}
