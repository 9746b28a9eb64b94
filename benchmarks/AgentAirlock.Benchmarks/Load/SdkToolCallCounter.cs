using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// Counts the <c>tools/call</c> requests the MCP SDK itself handled in a running server, from the SDK's own
/// <c>mcp.server.operation.duration</c> histogram (meter <c>Experimental.ModelContextProtocol</c>), read over
/// EventPipe like dotnet-counters does. It needs no change to the server: a call Airlock refuses never reaches the
/// SDK, so it is not in this count.
/// </summary>
internal sealed class SdkToolCallCounter : MetricsSession
{
    private const string SdkMeter = "Experimental.ModelContextProtocol";
    private const string OperationDuration = "mcp.server.operation.duration";

    private readonly Lock _gate = new();
    private long _toolCalls;

    private SdkToolCallCounter(int processId)
        : base(processId, SdkMeter)
    {
    }

    public static SdkToolCallCounter Attach(int processId) => new(processId);

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

    protected override void OnMeasurement(TraceEvent e)
    {
        if (e.EventName == "HistogramValuePublished"
            && Payload(e, "meterName") as string == SdkMeter
            && Payload(e, "instrumentName") as string == OperationDuration
            && Payload(e, "tags") is string tags
            && tags.Contains("mcp.method.name=tools/call", StringComparison.Ordinal))
        {
            lock (_gate)
            {
                _toolCalls += Convert.ToInt64(Payload(e, "count") ?? 0, CultureInfo.InvariantCulture);
            }
        }
    }
}
