using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// An EventPipe session on a running server's <c>System.Diagnostics.Metrics</c> provider for one meter, read like
/// dotnet-counters does: it counts the published collection intervals and records session errors; subclasses take
/// the measurements they need.
/// </summary>
internal abstract class MetricsSession : IDisposable
{
    private const string MetricsProvider = "System.Diagnostics.Metrics";

    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private int _collections;
    private string? _error;

    protected MetricsSession(int processId, string meter)
    {
        var client = new DiagnosticsClient(processId);
        var provider = new EventPipeProvider(MetricsProvider, EventLevel.Informational, keywords: 0x2 | 0x4, new Dictionary<string, string>
        {
            ["SessionId"] = _sessionId,
            ["Metrics"] = meter,
            ["RefreshInterval"] = "0.5",
            ["MaxTimeSeries"] = "1000",
            ["MaxHistograms"] = "100",
        });
        _session = client.StartEventPipeSession(provider, requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _processing = Task.Run(() => _source.Process());
    }

    /// <summary>Waits until the server has published <paramref name="count"/> more collection intervals.</summary>
    public async Task WaitForCollectionsAsync(int count, TimeSpan timeout)
    {
        int target = Volatile.Read(ref _collections) + count;
        using var cancellation = new CancellationTokenSource(timeout);
        while (Volatile.Read(ref _collections) < target)
        {
            if (_error is not null)
            {
                throw new InvalidOperationException("The server's metrics session failed: " + _error);
            }

            await Task.Delay(50, cancellation.Token);
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

    protected static object? Payload(TraceEvent e, string name) => e.PayloadIndex(name) >= 0 ? e.PayloadByName(name) : null;

    /// <summary>Takes a measurement event of this session (an event other than a collection boundary or an error).</summary>
    protected abstract void OnMeasurement(TraceEvent e);

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName != MetricsProvider || Payload(e, "sessionId") is string session && session != _sessionId)
        {
            return;
        }

        // TraceEvent names some events by task and opcode ("Collection/Stop") rather than by method name.
        switch (e.EventName)
        {
            case "CollectionStop" or "Collection/Stop":
                Interlocked.Increment(ref _collections);
                break;
            case "Error" or "MultipleSessionsNotSupportedError" or "HistogramLimitReached" or "TimeSeriesLimitReached":
                _error = e.EventName + " " + Payload(e, "errorMessage");
                break;
            default:
                OnMeasurement(e);
                break;
        }
    }
}
