using System.Threading.RateLimiting;

namespace AgentAirlock.Policy;

/// <summary>
/// A token bucket as a <see cref="RateLimiter"/>: full at first, refilled continuously at the rate's pace, read
/// from a <see cref="TimeProvider"/> (so tests drive the clock). A refusal carries the exact time until a token is
/// available as <see cref="MetadataName.RetryAfter"/>. Granting allocates nothing.
/// </summary>
/// <remarks>
/// The bucket counts in exact integers: one token is <c>P</c> units (P = the period in ticks) and each tick of time
/// adds <c>N</c> units (N tokens per period). Floating point would leave a token a rounding error short after waiting
/// exactly the retry-after it reported.
/// </remarks>
internal sealed class TokenBucketLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new BucketLease(acquired: true, retryAfter: null);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Int128 _unitsPerToken;
    private readonly Int128 _unitsPerTick;
    private readonly Int128 _capacity;
    private Int128 _units;
    private long _refilledAt;
    private long _usedAt;

    public TokenBucketLimiter(Rate rate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _unitsPerToken = rate.Period.Ticks;
        _unitsPerTick = rate.Tokens;
        _capacity = _unitsPerToken * rate.Tokens;
        _units = _capacity;
        _refilledAt = _usedAt = Now();
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
                return _units >= _capacity ? TimeSpan.FromTicks(Now() - _usedAt) : null;
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
                return _units >= _capacity;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)(_units / _unitsPerToken) };
        }
    }

    /// <summary>How long until the bucket holds a token, without taking one: zero when it holds one now.</summary>
    public TimeSpan UntilNextToken()
    {
        lock (_lock)
        {
            Refill();
            if (_units >= _unitsPerToken && _capacity > 0)
            {
                return TimeSpan.Zero;
            }

            return _unitsPerTick > 0 ? TimeSpan.FromTicks((long)((_unitsPerToken - _units + _unitsPerTick - 1) / _unitsPerTick)) : Period;
        }
    }

    /// <summary>Puts back permits taken by a call that another bucket then refused.</summary>
    public void Refund(int permits)
    {
        lock (_lock)
        {
            _units = Int128.Min(_capacity, _units + (_unitsPerToken * permits));
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_lock)
        {
            Refill();
            _usedAt = _refilledAt;
            Int128 needed = _unitsPerToken * permitCount;
            if (_units >= needed && _capacity > 0)
            {
                _units -= needed;
                return Granted;
            }

            TimeSpan retryAfter = _unitsPerTick > 0
                ? TimeSpan.FromTicks((long)((needed - _units + _unitsPerTick - 1) / _unitsPerTick))
                : Period;
            return new BucketLease(acquired: false, retryAfter);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>The provider's monotonic time, in <see cref="TimeSpan"/> ticks.</summary>
    private long Now() => (long)((Int128)_time.GetTimestamp() * TimeSpan.TicksPerSecond / _time.TimestampFrequency);

    private void Refill()
    {
        long now = Now();
        long elapsed = now - _refilledAt;
        if (elapsed > 0)
        {
            _units = Int128.Min(_capacity, _units + (_unitsPerTick * elapsed));
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
