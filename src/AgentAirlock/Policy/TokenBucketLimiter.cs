using System.Threading.RateLimiting;

namespace AgentAirlock.Policy;

/// <summary>
/// A token bucket as a <see cref="RateLimiter"/>: full at first, refilled continuously at the rate's pace, read
/// from a <see cref="TimeProvider"/> (so tests drive the clock). A refusal carries the exact time until a token is
/// available as <see cref="MetadataName.RetryAfter"/>. Granting allocates nothing.
/// </summary>
internal sealed class TokenBucketLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new BucketLease(acquired: true, retryAfter: null);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _tokensPerSecond;
    private double _tokens;
    private long _refilledAt;
    private long _usedAt;

    public TokenBucketLimiter(Rate rate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _capacity = rate.Tokens;
        _tokensPerSecond = rate.TokensPerSecond;
        _tokens = _capacity;
        _refilledAt = _usedAt = time.GetTimestamp();
        Period = rate.Period;
    }

    /// <summary>Gets the rate's period: the answer for "retry after" when the bucket never refills (0/period).</summary>
    public TimeSpan Period { get; }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens >= _capacity ? _time.GetElapsedTime(_usedAt) : null;
            }
        }
    }

    /// <summary>Gets whether the bucket is full, and so indistinguishable from a new one.</summary>
    public bool IsFull
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens >= _capacity;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    /// <summary>Puts back permits taken by a call that another bucket then refused.</summary>
    public void Refund(int permits)
    {
        lock (_lock)
        {
            _tokens = Math.Min(_capacity, _tokens + permits);
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_lock)
        {
            Refill();
            _usedAt = _refilledAt;
            if (_tokens >= permitCount && (permitCount > 0 || _capacity > 0))
            {
                _tokens -= permitCount;
                return Granted;
            }

            TimeSpan retryAfter = _tokensPerSecond > 0
                ? TimeSpan.FromSeconds((permitCount - _tokens) / _tokensPerSecond)
                : Period;
            return new BucketLease(acquired: false, retryAfter);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        long now = _time.GetTimestamp();
        double seconds = _time.GetElapsedTime(_refilledAt, now).TotalSeconds;
        if (seconds > 0)
        {
            _tokens = Math.Min(_capacity, _tokens + seconds * _tokensPerSecond);
            _refilledAt = now;
        }
    }

    private sealed class BucketLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is TimeSpan value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
