using System.Diagnostics;
using System.Globalization;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>Percentiles over sorted latency samples (every request is recorded, so they are exact).</summary>
internal static class Latency
{
    public static TimeSpan Percentile(long[] sortedTicks, double percentile)
    {
        if (sortedTicks.Length == 0)
        {
            return TimeSpan.Zero;
        }

        int index = (int)Math.Ceiling(percentile / 100 * sortedTicks.Length) - 1;
        return Stopwatch.GetElapsedTime(0, sortedTicks[Math.Clamp(index, 0, sortedTicks.Length - 1)]);
    }

    public static string Format(TimeSpan value) => value.TotalMilliseconds >= 1
        ? value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : value.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture) + " µs";

    public static long[] Merge(IEnumerable<long[]> sorted)
    {
        long[] all = [.. sorted.SelectMany(s => s)];
        Array.Sort(all);
        return all;
    }
}
