using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// Counts the <c>tools/call</c> requests the MCP SDK itself handled in a running server, from the SDK's own
/// <c>mcp.server.operation.duration</c> histogram (meter <c>Experimental.ModelContextProtocol</c>), read over
/// EventPipe like dotnet-counters does. It needs no change to the server: a call Airlock refuses never reaches the
/// SDK, so it is not in this count.
/// </summary>
internal sealed class SdkToolCallCounter : IDisposable
{
    private const string MetricsProvider = "System.Diagnostics.Metrics";
    private const string SdkMeter = "Experimental.ModelContextProtocol";
    private const string OperationDuration = "mcp.server.operation.duration";

    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly Lock _gate = new();
    private long _toolCalls;
    private int _collections;
    private string? _error;

    private SdkToolCallCounter(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var provider = new EventPipeProvider(MetricsProvider, EventLevel.Informational, keywords: 0x2 | 0x4, new Dictionary<string, string>
        {
            ["SessionId"] = _sessionId,
            ["Metrics"] = SdkMeter,
            ["RefreshInterval"] = "0.5",
            ["MaxTimeSeries"] = "1000",
            ["MaxHistograms"] = "100",
        });
        _session = client.StartEventPipeSession(provider, requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _processing = Task.Run(() => _source.Process());
    }

    public static SdkToolCallCounter Attach(int processId) => new(processId);

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

    /// <summary>Gets the SDK-handled <c>tools/call</c> requests published so far.</summary>
    public long ToolCalls
    {
        get
        {
            lock (_gate)
            {
                return _toolCalls;
            }
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
            case "HistogramValuePublished"
                when Payload(e, "meterName") as string == SdkMeter
                    && Payload(e, "instrumentName") as string == OperationDuration
                    && Payload(e, "tags") is string tags
                    && tags.Contains("mcp.method.name=tools/call", StringComparison.Ordinal):
                lock (_gate)
                {
                    _toolCalls += Convert.ToInt64(Payload(e, "count") ?? 0, CultureInfo.InvariantCulture);
                }

                break;
        }
    }

    private static object? Payload(TraceEvent e, string name) => e.PayloadIndex(name) >= 0 ? e.PayloadByName(name) : null;
}
