using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using AgentAirlock.Validation;
using AirlockSample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Benchmarks.Shared;

/// <summary>
/// The sample server's services, built in-process but never started: the same MCP registrations and the same root
/// appsettings.json as samples/AirlockSample/Program.cs, so the tool catalog, the options and the MCP endpoint are
/// exactly what the real sample uses, API-key authentication included. Logging has no providers: the micro benchmarks
/// measure Airlock, not a console.
/// </summary>
internal sealed class SampleHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleHost(WebApplication app, Endpoint mcpEndpoint)
    {
        _app = app;
        McpEndpoint = mcpEndpoint;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Gets the POST endpoint <c>MapMcp("/mcp")</c> created; Airlock recognizes it by its metadata.</summary>
    public Endpoint McpEndpoint { get; }

    public IToolCatalog Catalog => Services.GetRequiredService<IToolCatalog>();

    public McpResponseWriter ResponseWriter => Services.GetRequiredService<McpResponseWriter>();

    /// <param name="overrides">Configuration keys laid over appsettings.json, as the load benchmark's command-line overrides are.</param>
    /// <param name="repositoryRoot">The repository root; found from here when null.</param>
    public static SampleHost Create(IReadOnlyDictionary<string, string?>? overrides = null, string? repositoryRoot = null)
    {
        string root = RepositoryRoot.Find(repositoryRoot);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.ClearProviders();
        AddSampleServices(builder);

        WebApplication app = builder.Build();
        app.MapMcp("/mcp");

        Endpoint endpoint = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .FirstOrDefault(e => McpEndpoints.Classify(e) == McpEndpointKind.StreamableHttp
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true)
            ?? throw new InvalidOperationException("MapMcp created no streamable-HTTP POST endpoint that Airlock recognizes.");
        return new SampleHost(app, endpoint);
    }

    /// <summary>
    /// The registrations of samples/AirlockSample/Program.cs (Serilog aside): the MCP server with the sample's tools,
    /// Airlock bound to the builder's configuration, and the API-key scheme as the default authentication scheme.
    /// </summary>
    public static void AddSampleServices(WebApplicationBuilder builder)
    {
        builder.Services.AddMcpServer()
            .WithHttpTransport()
            .WithTools<SampleTools>();
        builder.Services.AddAirlock(builder.Configuration);
        builder.Services.AddAuthentication(AirlockApiKeyDefaults.AuthenticationScheme).AddAirlockApiKeys();
    }

    public ToolDescriptor Tool(string name) =>
        Catalog.TryGetTool(name, out ToolDescriptor? tool) ? tool : throw new InvalidOperationException($"The sample has no tool '{name}'.");

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
