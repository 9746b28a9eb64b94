using AgentAirlock.Policy;
using AirlockSample;
using Serilog;

WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = SampleContentRoot.Find(args),
});

builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services));

builder.Services.AddMcpServer()
    .WithHttpTransport()
    .WithTools<SampleTools>();

builder.Services.AddAirlock(builder.Configuration);

// Airlock's spans and metrics, exported as Telemetry:Exporter says (None, Console or Otlp).
builder.AddSampleTelemetry();

// The demo agents' API keys are configured (hashed) in Airlock:Policy:Identity:ApiKeys.
builder.Services.AddAuthentication(AirlockApiKeyDefaults.AuthenticationScheme).AddAirlockApiKeys();

WebApplication app = builder.Build();

app.UseAirlock();
app.MapMcp("/mcp");
app.MapGet("/", () => "Agent Airlock sample: an MCP server on POST /mcp, protected by Airlock.");

app.Run();

/// <summary>The sample's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
