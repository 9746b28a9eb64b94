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
        Redactions = Meter.CreateCounter<long>("airlock.redactions", unit: "{value}", description: "Sensitive values masked by the sanitizer, by type.");
        SandboxDuration = Meter.CreateHistogram<double>("airlock.sandbox.duration", unit: "s", description: "Duration of sandboxed tool invocations, by backend and status.");
    }

    public static ActivitySource ActivitySource { get; } = new(Name, typeof(AirlockTelemetry).Assembly.GetName().Version?.ToString());

    public Meter Meter { get; }

    public Counter<long> Decisions { get; }

    public Counter<long> Redactions { get; }

    public Histogram<double> SandboxDuration { get; }
}
