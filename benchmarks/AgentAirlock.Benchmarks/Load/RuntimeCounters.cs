using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// Totals of the runtime's own counters (meter <c>System.Runtime</c>: bytes allocated, GCs, exceptions, thread-pool
/// work items, lock contentions) in a running server, read over EventPipe like dotnet-counters does. Divided by the
/// requests of a phase they say what one request costs inside the real server, where the micro benchmarks cannot look.
/// </summary>
internal sealed class RuntimeCounters : MetricsSession
{
    private const string RuntimeMeter = "System.Runtime";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _totals = new(StringComparer.Ordinal);

    private RuntimeCounters(int processId)
        : base(processId, RuntimeMeter)
    {
    }

    public static RuntimeCounters Attach(int processId) => new(processId);

    /// <summary>Gets the totals so far, keyed by instrument name and, where tagged, its tags.</summary>
    public Dictionary<string, double> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, double>(_totals, StringComparer.Ordinal);
        }
    }

    protected override void OnMeasurement(TraceEvent e)
    {
        // Counters and observable counters are published as the increase over the interval ("rate").
        if (e.EventName is not "CounterRateValuePublished" || Payload(e, "meterName") as string != RuntimeMeter
            || !double.TryParse(Payload(e, "rate") as string, NumberStyles.Float, CultureInfo.InvariantCulture, out double increase))
        {
            return;
        }

        string name = (string)e.PayloadByName("instrumentName");
        string tags = Payload(e, "tags") as string ?? string.Empty;
        string key = tags.Length == 0 ? name : name + "{" + tags + "}";
        lock (_gate)
        {
            _totals[key] = _totals.GetValueOrDefault(key) + increase;
        }
    }
}
