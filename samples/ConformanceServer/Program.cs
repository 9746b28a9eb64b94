using ConformanceServer;
using ModelContextProtocol.AspNetCore;

// The fixture reads the appsettings.json next to it (AllowedHosts, logging), wherever it is started from.
WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

// Resumable streams (test_reconnection) need an event store; the in-memory distributed cache is enough for a fixture.
builder.Services.AddDistributedMemoryCache();

// Stateful sessions: the suite's scenarios need server-to-client requests (sampling, elicitation) and resumption.
builder.Services.AddMcpServer()
    .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateful)
    .WithDistributedCacheEventStreamStore()
    .WithTools<ConformanceTools>()
    .WithTools<ElicitationTools>()
    .WithTools([SchemaFeatureTool.Create()])
    .WithResources<ConformanceResources>()
    .WithPrompts<ConformancePrompts>()
    .WithCompleteHandler(ConformanceHandlers.CompleteAsync)
    .WithSubscribeToResourcesHandler(ConformanceHandlers.SubscribeAsync)
    .WithUnsubscribeFromResourcesHandler(ConformanceHandlers.UnsubscribeAsync);

builder.Services.AddAirlock(builder.Configuration);

WebApplication app = builder.Build();

app.UseAirlock();
app.MapMcp("/mcp");

await app.RunAsync();
