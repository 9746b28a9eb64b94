using System.Text.Json;
using AgentAirlock.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace AgentAirlock.Tests.Audit;

/// <summary>A decision sink wired to a fake logger and a metric collector.</summary>
internal sealed class DecisionSinkHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public DecisionSinkHarness()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new AirlockTelemetry(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Decisions = new MetricCollector<long>(telemetry.Decisions);
        Logger = new FakeLogger<DecisionSink>();
        Sink = new DecisionSink(Logger, telemetry);
    }

    public FakeLogger<DecisionSink> Logger { get; }

    public MetricCollector<long> Decisions { get; }

    public DecisionSink Sink { get; }

    public static JsonElement Arguments(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        Decisions.Dispose();
        _services.Dispose();
    }
}
