using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;
using Serilog.Core;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>
/// The sample server (samples/AirlockSample) in memory, reading the repository's root appsettings.json, with a
/// recording call-tool filter, a Serilog capture sink and a reloadable configuration source on top.
/// Subclasses override settings per scenario.
/// </summary>
public class SampleFactory : WebApplicationFactory<Program>
{
    internal CallRecorder Calls { get; } = new();

    internal LogCapture Logs { get; } = new();

    internal ReloadableSettings Reloadable { get; } = new();

    /// <summary>Settings layered over the root appsettings.json for this host.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>An MCP client of the C# SDK on this host; without options it negotiates what it prefers (2026-07-28 when stateless).</summary>
    internal async Task<McpClient> CreateMcpClientAsync(McpClientOptions? options = null)
    {
        HttpClient http = CreateClient();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, options);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseContentRoot(RepositoryRoot.Path);
        foreach ((string key, string? value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.Add(Reloadable));
        builder.ConfigureServices(services =>
        {
            services.Configure<McpServerOptions>(options => options.Filters.Request.CallToolFilters.Add(Calls.Filter));
            services.AddSingleton<ILogEventSink>(Logs);
        });
    }
}

/// <summary>The sample as configured by the root appsettings.json alone.</summary>
public sealed class DefaultSampleFactory : SampleFactory;

/// <summary>The same sample with <c>Airlock:Enabled=false</c>.</summary>
public sealed class DisabledSampleFactory : SampleFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Airlock:Enabled"] = "false",
    };
}
