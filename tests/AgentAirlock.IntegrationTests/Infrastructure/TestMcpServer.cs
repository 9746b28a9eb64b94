using AgentAirlock.IntegrationTests.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>
/// A small MCP server built in the test (not the sample): chosen tools and session mode, configuration in memory
/// (reloadable), a recording call-tool filter registered with WithRequestFilters, and a fake logger.
/// </summary>
internal sealed class TestMcpServer : IAsyncDisposable
{
    private TestMcpServer(WebApplication app, CallRecorder calls, ReloadableSettings settings, IReadOnlyDictionary<string, byte[]> bodies)
    {
        BodiesReadBySdk = bodies;
        App = app;
        Calls = calls;
        Settings = settings;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CallRecorder Calls { get; }

    /// <summary>The request bodies as the MCP endpoint received them (after Airlock), by string request id.</summary>
    public IReadOnlyDictionary<string, byte[]> BodiesReadBySdk { get; }

    public ReloadableSettings Settings { get; }

    public IServiceProvider Services => App.Services;

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<TestMcpServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        HttpServerSessionMode sessionMode = HttpServerSessionMode.Stateless,
        Action<IMcpServerBuilder>? tools = null,
        bool airlock = true,
        Action<WebApplication>? map = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();

        // Only the test's configuration: no appsettings.json from the output folder.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var reloadable = new ReloadableSettings();
        ((IConfigurationBuilder)builder.Configuration).Add(reloadable);

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();

        var calls = new CallRecorder();
        IMcpServerBuilder mcp = builder.Services.AddMcpServer()
            .WithHttpTransport(options => options.SessionMode = sessionMode)
            .WithRequestFilters(filters => filters.AddCallToolFilter(calls.Filter));
        (tools ?? (b => b.WithTools<ExtraTools>()))(mcp);

        if (airlock)
        {
            builder.Services.AddAirlock(builder.Configuration);
        }

        WebApplication app = builder.Build();
        if (airlock)
        {
            app.UseAirlock();
        }

        // Between Airlock and the MCP endpoint: the bytes the SDK is about to read.
        var bodies = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/mcp"))
            {
                context.Request.EnableBuffering();
                using var copy = new MemoryStream();
                await context.Request.Body.CopyToAsync(copy);
                context.Request.Body.Position = 0;
                byte[] body = copy.ToArray();
                if (RequestIdOf(body) is string id)
                {
                    bodies[id] = body;
                }
            }

            await next(context);
        });

        app.MapMcp("/mcp");
        map?.Invoke(app);
        await app.StartAsync();
        return new TestMcpServer(app, calls, reloadable, bodies);
    }

    private static string? RequestIdOf(byte[] body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out System.Text.Json.JsonElement id)
                && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public Task<McpClient> CreateMcpClientAsync(McpClientOptions? options = null) =>
        TestMcpClients.CreateAsync(App.GetTestClient(), new Uri(Client.BaseAddress!, "/mcp"), options: options);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
