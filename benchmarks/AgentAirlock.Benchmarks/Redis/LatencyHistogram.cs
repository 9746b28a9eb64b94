using System.Diagnostics;

namespace AgentAirlock.Benchmarks.Redis;

/// <summary>
/// Latencies in <see cref="Stopwatch"/> ticks, counted in log-linear buckets (exact below 2048 ticks, then 1024
/// buckets per power of two: under 0.1 % error). The in-memory store answers millions of times per second, too many
/// to keep every sample as the HTTP load generator does.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 10;
    private const int SubCount = 1 << SubBits;
    private const int ExactLimit = SubCount * 2;
    private const int Octaves = 40;

    private readonly long[] _counts = new long[ExactLimit + (Octaves * SubCount)];

    public long Count { get; private set; }

    public long MaxTicks { get; private set; }

    public void Record(long ticks)
    {
        ticks = Math.Max(0, ticks);
        _counts[Math.Min(Index(ticks), _counts.Length - 1)]++;
        Count++;
        MaxTicks = Math.Max(MaxTicks, ticks);
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxTicks = Math.Max(MaxTicks, other.MaxTicks);
    }

    /// <summary>Gets the largest sample in microseconds.</summary>
    public double MaxMicroseconds => Microseconds(MaxTicks);

    /// <summary>
    /// The latency in microseconds below which <paramref name="percentile"/> % of the samples fall (the middle of its
    /// bucket). Not a <see cref="TimeSpan"/>: its 100 ns resolution would hide the in-memory store's latencies.
    /// </summary>
    public double Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                (long low, long width) = Bucket(i);
                return Microseconds(Math.Min(MaxTicks, low + (width / 2)));
            }
        }

        return MaxMicroseconds;
    }

    private static double Microseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static int Index(long ticks)
    {
        if (ticks < ExactLimit)
        {
            return (int)ticks;
        }

        int exponent = 63 - (int)long.LeadingZeroCount(ticks);
        int shift = exponent - SubBits;
        int sub = (int)(ticks >> shift) - SubCount;
        return ExactLimit + ((exponent - SubBits - 1) * SubCount) + sub;
    }

    private static (long Low, long Width) Bucket(int index)
    {
        if (index < ExactLimit)
        {
            return (index, 1);
        }

        int octave = (index - ExactLimit) / SubCount;
        int sub = (index - ExactLimit) % SubCount;
        int shift = octave + 1;
        return ((long)(SubCount + sub) << shift, 1L << shift);
    }
}
