using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentAirlock.Audit;

/// <summary>
/// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>AgentAirlock</c>.
/// </summary>
internal sealed class AirlockTelemetry
{
    public const string Name = "AgentAirlock";

    public AirlockTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        // The factory owns the meter and disposes it with the host.
        Meter = meterFactory.Create(Name, typeof(AirlockTelemetry).Assembly.GetName().Version?.ToString());
        Decisions = Meter.CreateCounter<long>("airlock.decisions", unit: "{decision}", description: "Decisions made by Airlock layers, by layer, outcome and reason.");
        ToolCalls = Meter.CreateCounter<long>("airlock.tool.calls", unit: "{call}", description: "Tool calls, by tool and by how Airlock decided them (allowed, blocked, refused, failed).");
        Blocks = Meter.CreateCounter<long>("airlock.blocks", unit: "{call}", description: "Tool calls blocked or refused, by layer and reason.");
        Redactions = Meter.CreateCounter<long>("airlock.redactions", unit: "{value}", description: "Sensitive values masked by the sanitizer, by type.");
        RateLimitRejections = Meter.CreateCounter<long>("airlock.rate_limit.rejections", unit: "{call}", description: "Tool calls refused by a rate limit, by policy.");
        SandboxDuration = Meter.CreateHistogram<double>("airlock.sandbox.duration", unit: "s", description: "Duration of sandboxed tool invocations, by backend and status.");
        LayerDuration = Meter.CreateHistogram<double>("airlock.layer.duration", unit: "s",
            description: "Time each Airlock layer spends on a message, by layer (the layer's own work, not the tool's).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1] });
        AuditRecords = Meter.CreateCounter<long>("airlock.audit.records", unit: "{record}", description: "Audit records written.");
        AuditLost = Meter.CreateCounter<long>("airlock.audit.lost", unit: "{record}", description: "Audit records that could not be written, by failure mode.");
    }

    public static ActivitySource ActivitySource { get; } = new(Name, typeof(AirlockTelemetry).Assembly.GetName().Version?.ToString());

    public Meter Meter { get; }

    public Counter<long> Decisions { get; }

    public Counter<long> ToolCalls { get; }

    public Counter<long> Blocks { get; }

    public Counter<long> Redactions { get; }

    public Counter<long> RateLimitRejections { get; }

    public Histogram<double> SandboxDuration { get; }

    public Histogram<double> LayerDuration { get; }

    public Counter<long> AuditRecords { get; }

    public Counter<long> AuditLost { get; }

    private static readonly string[] LayerSpanNames = [.. Enum.GetValues<AirlockLayer>().Select(layer => "airlock." + layer.ToName())];

    /// <summary>The name of a layer's span: <c>airlock.policy</c>, <c>airlock.validation</c>, ….</summary>
    public static string LayerSpanName(AirlockLayer layer) => LayerSpanNames[(int)layer];

    /// <summary>Records the time a layer spent since <paramref name="startTimestamp"/>, when someone listens.</summary>
    public void RecordLayer(AirlockLayer layer, long startTimestamp)
    {
        if (LayerDuration.Enabled)
        {
            LayerDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("airlock.layer", layer.ToName()));
        }
    }
}
