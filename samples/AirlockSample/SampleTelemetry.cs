using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AirlockSample;

/// <summary>
/// OpenTelemetry for the sample: Airlock's spans and metrics (source and meter <c>AgentAirlock</c>), the MCP SDK's and
/// ASP.NET Core's request spans,
/// exported as <c>Telemetry:Exporter</c> says: <c>None</c> (the default), <c>Console</c>, or <c>Otlp</c> (the endpoint
/// and protocol from the standard <c>OTEL_EXPORTER_OTLP_*</c> environment variables).
/// </summary>
internal static class SampleTelemetry
{
    private const string AirlockName = "AgentAirlock";
    private const string McpSdkName = "Experimental.ModelContextProtocol";

    // ASP.NET Core's request spans: Airlock's call span is their child, and the default sampler records a child only
    // when its parent is recorded.
    private const string AspNetCoreName = "Microsoft.AspNetCore";

    public static void AddSampleTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfigurationSection section = builder.Configuration.GetSection("Telemetry");
        string exporter = section["Exporter"] ?? "None";
        if (string.Equals(exporter, "None", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        bool console = string.Equals(exporter, "Console", StringComparison.OrdinalIgnoreCase);
        if (!console && !string.Equals(exporter, "Otlp", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Telemetry:Exporter must be None, Console or Otlp; it is '{exporter}'.");
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(section["ServiceName"] ?? "airlock-sample"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(AspNetCoreName, AirlockName, McpSdkName);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
                else
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AirlockName, McpSdkName);
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
                else
                {
                    metrics.AddOtlpExporter();
                }
            });
    }
}
