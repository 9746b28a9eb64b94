using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// Totals of the runtime's own counters (meter <c>System.Runtime</c>: bytes allocated, GCs, exceptions, thread-pool
/// work items, lock contentions) in a running server, read over EventPipe like dotnet-counters does. Divided by the
/// requests of a phase they say what one request costs inside the real server, where the micro benchmarks cannot look.
/// </summary>
internal sealed class RuntimeCounters : IDisposable
{
    private const string MetricsProvider = "System.Diagnostics.Metrics";
    private const string RuntimeMeter = "System.Runtime";

    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _totals = new(StringComparer.Ordinal);
    private int _collections;

    private RuntimeCounters(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var provider = new EventPipeProvider(MetricsProvider, EventLevel.Informational, keywords: 0x2 | 0x4, new Dictionary<string, string>
        {
            ["SessionId"] = _sessionId,
            ["Metrics"] = RuntimeMeter,
            ["RefreshInterval"] = "0.5",
            ["MaxTimeSeries"] = "1000",
            ["MaxHistograms"] = "100",
        });
        _session = client.StartEventPipeSession(provider, requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _processing = Task.Run(() => _source.Process());
    }

    public static RuntimeCounters Attach(int processId) => new(processId);

    public async Task WaitForCollectionsAsync(int count, TimeSpan timeout)
    {
        int target = Volatile.Read(ref _collections) + count;
        using var cancellation = new CancellationTokenSource(timeout);
        while (Volatile.Read(ref _collections) < target)
        {
            await Task.Delay(50, cancellation.Token);
        }
    }

    /// <summary>Gets the totals so far, keyed by instrument name and, where tagged, its tags.</summary>
    public Dictionary<string, double> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, double>(_totals, StringComparer.Ordinal);
        }
    }

    public void Dispose()
    {
        try
        {
            _session.Stop();
            _processing.Wait(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or AggregateException or IOException)
        {
            // The server is already gone; nothing is left to stop.
        }

        _source.Dispose();
        _session.Dispose();
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName != MetricsProvider || (e.PayloadIndex("sessionId") >= 0 && e.PayloadByName("sessionId") as string != _sessionId))
        {
            return;
        }

        // TraceEvent names some events by task and opcode ("Collection/Stop") rather than by method name.
        if (e.EventName is "CollectionStop" or "Collection/Stop")
        {
            Interlocked.Increment(ref _collections);
            return;
        }

        // Counters and observable counters are published as the increase over the interval ("rate").
        if (e.EventName is not "CounterRateValuePublished" || e.PayloadByName("meterName") as string != RuntimeMeter
            || !double.TryParse(e.PayloadByName("rate") as string, NumberStyles.Float, CultureInfo.InvariantCulture, out double increase))
        {
            return;
        }

        string name = (string)e.PayloadByName("instrumentName");
        string tags = e.PayloadByName("tags") as string ?? string.Empty;
        string key = tags.Length == 0 ? name : name + "{" + tags + "}";
        lock (_gate)
        {
            _totals[key] = _totals.GetValueOrDefault(key) + increase;
        }
    }
}
