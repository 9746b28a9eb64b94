using System.Globalization;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// Busy CPU time of the whole machine (Linux <c>/proc/stat</c>), to tell how much of it other processes took during
/// a phase: on a small shared machine that is the main source of noise.
/// </summary>
internal static class MachineCpu
{
    // USER_HZ: /proc/stat counts in hundredths of a second on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>Gets the machine's busy time so far, or <see langword="null"/> where /proc/stat does not exist.</summary>
    public static TimeSpan? Busy()
    {
        try
        {
            string? line = File.ReadLines("/proc/stat").FirstOrDefault();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }

            long[] fields = [.. line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => long.Parse(f, CultureInfo.InvariantCulture))];

            // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user and nice]
            long busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields.Length > 7 ? fields[7] : 0);
            return TimeSpan.FromSeconds(busy / TicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
