using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;
using Serilog;
using Serilog.Core;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>
/// The sample server (samples/AirlockSample) in memory, reading the repository's root appsettings.json, with a
/// recording call-tool filter, a Serilog capture sink and a reloadable configuration source on top.
/// Subclasses override settings per scenario.
/// </summary>
/// <remarks>
/// The sample refuses callers without a key (HTTP 401), so the clients this factory creates present a demo agent's
/// API key (<see cref="ApiKey"/>: the admin's, who may call every tool, unless a subclass says otherwise), and the
/// server's <see cref="TimeProvider"/> is a fake clock standing still inside business hours (a Wednesday noon UTC),
/// where the admin's delete_record is allowed: what the tests see does not depend on the day they run.
/// </remarks>
public class SampleFactory : WebApplicationFactory<Program>
{
    private string? _auditDirectory;

    internal CallRecorder Calls { get; } = new();

    /// <summary>The server's clock: it moves only when a test moves it.</summary>
    internal FakeTimeProvider Clock { get; } = new(DemoAgents.InsideBusinessHours);

    /// <summary>The API key the clients of <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> and <see cref="CreateMcpClientAsync"/> present; <see langword="null"/> for none.</summary>
    protected virtual string? ApiKey => DemoAgents.AdminKey;

    internal LogCapture Logs { get; } = new();

    /// <summary>
    /// The directory of this host's audit files: a fresh temporary one, so that hosts running at once never share a
    /// chain (the sample writes its audit trail as the root appsettings.json says, to logs/ under the content root).
    /// </summary>
    internal string AuditDirectory => _auditDirectory ??= Directory.CreateTempSubdirectory("airlock-audit-").FullName;

    internal ReloadableSettings Reloadable { get; } = new();

    /// <summary>The content root, whose appsettings.json the sample reads (and reloads when it changes): the repository root.</summary>
    protected virtual string ContentRoot => RepositoryRoot.Path;

    /// <summary>Settings layered over the root appsettings.json for this host.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>An MCP client of the C# SDK on this host; without options it negotiates what it prefers (2026-07-28 when stateless).</summary>
    internal Task<McpClient> CreateMcpClientAsync(McpClientOptions? options = null) =>
        CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders(ApiKey), options);

    /// <summary>An MCP client of the C# SDK that sends exactly <paramref name="headers"/> (credentials included) with every request.</summary>
    internal Task<McpClient> CreateMcpClientWithHeadersAsync(IDictionary<string, string> headers, McpClientOptions? options = null)
    {
        HttpClient http = CreateClientWithKey(null);
        return TestMcpClients.CreateAsync(http, new Uri(http.BaseAddress!, "/mcp"), headers, options);
    }

    /// <summary>An HTTP client that presents <paramref name="apiKey"/> in X-API-Key, or no credentials at all for <see langword="null"/>.</summary>
    internal HttpClient CreateClientWithKey(string? apiKey)
    {
        HttpClient client = CreateClient();
        client.DefaultRequestHeaders.Remove(DemoAgents.ApiKeyHeader);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(DemoAgents.ApiKeyHeader, apiKey);
        }

        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        if (ApiKey is not null)
        {
            client.DefaultRequestHeaders.Add(DemoAgents.ApiKeyHeader, ApiKey);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseContentRoot(ContentRoot);
        builder.UseSetting("Airlock:Audit:Path", Path.Combine(AuditDirectory, "airlock-audit-.jsonl"));
        foreach ((string key, string? value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.Add(Reloadable));
        builder.ConfigureServices(services =>
        {
            services.Configure<McpServerOptions>(options => options.Filters.Request.CallToolFilters.Add(Calls.Filter));
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddSingleton<TimeProvider>(Clock);

            // The sample's AddSerilog routes logging through the static Log.Logger: in one process the host built last
            // receives every host's events, and disposing any host silences the others. Tests run many hosts at once,
            // so each host keeps a logger of its own, configured exactly as the sample configures it.
            services.AddSerilog(
                (provider, logger) => logger
                    .ReadFrom.Configuration(provider.GetRequiredService<IConfiguration>())
                    .ReadFrom.Services(provider),
                preserveStaticLogger: true);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_auditDirectory is not null && Directory.Exists(_auditDirectory))
        {
            Directory.Delete(_auditDirectory, recursive: true);
        }
    }
}

/// <summary>The sample as configured by the root appsettings.json alone.</summary>
public sealed class DefaultSampleFactory : SampleFactory;

/// <summary>
/// The same sample with <c>Airlock:Enabled=false</c>. Its clients present no key: with Airlock off the sample is the
/// bare SDK, which anonymous callers may use.
/// </summary>
public sealed class DisabledSampleFactory : SampleFactory
{
    protected override string? ApiKey => null;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Airlock:Enabled"] = "false",
    };
}
