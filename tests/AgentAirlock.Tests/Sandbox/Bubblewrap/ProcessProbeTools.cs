using System.Diagnostics;
using System.Globalization;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

/// <summary>Benign tools that tell which process served a call, and when.</summary>
public static class ProcessProbeTools
{
    private static readonly Guid s_instance = Guid.NewGuid();
    private static int s_calls;

    /// <summary>
    /// Returns "instance calls ageMs": an id unique to the process, how many calls this process has served (with this
    /// one), and how old the process was when the call arrived.
    /// </summary>
    public static string Identify()
    {
        int calls = Interlocked.Increment(ref s_calls);
        using Process self = Process.GetCurrentProcess();
        long age = (long)(DateTime.UtcNow - self.StartTime.ToUniversalTime()).TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture, $"{s_instance:N} {calls} {age}");
    }

    /// <summary>Sleeps, and returns "start end" on the machine's monotonic millisecond clock.</summary>
    public static string Interval(int milliseconds)
    {
        long start = Environment.TickCount64;
        Thread.Sleep(milliseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{start} {Environment.TickCount64}");
    }
}
