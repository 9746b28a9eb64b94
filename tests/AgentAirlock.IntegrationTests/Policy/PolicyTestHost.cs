using System.Security.Cryptography;
using System.Text;
using AgentAirlock.IntegrationTests.Infrastructure;
using AgentAirlock.Policy;
using AirlockSample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// A small host built in the test: the sample's tools behind <c>UseAirlock()</c>, configuration from a dictionary
/// (the sample's reference policy by default), a fake clock as the <see cref="TimeProvider"/>, a recording call-tool
/// filter and fake logging. Authentication is whatever <c>configure</c> registers (the Airlock API-key scheme by default).
/// </summary>
internal sealed class PolicyTestHost : IAsyncDisposable
{
    private PolicyTestHost(WebApplication app, FakeTimeProvider clock, CallRecorder calls)
    {
        App = app;
        Clock = clock;
        Calls = calls;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Clock { get; }

    public CallRecorder Calls { get; }

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    /// <param name="settings">The whole configuration of the host; <see cref="ReferencePolicySettings"/> when <see langword="null"/>.</param>
    /// <param name="configure">Registers authentication (and anything else); without it, Airlock's API-key scheme is the default scheme.</param>
    /// <param name="map">Maps extra endpoints next to <c>MapMcp("/mcp")</c>.</param>
    /// <param name="sessionMode">The MCP transport's session mode (Stateless, as the sample, by default).</param>
    /// <param name="now">Where the fake clock starts; a Wednesday noon UTC (inside business hours) by default.</param>
    public static async Task<PolicyTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        HttpServerSessionMode sessionMode = HttpServerSessionMode.Stateless,
        DateTimeOffset? now = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings ?? ReferencePolicySettings());

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();

        var clock = new FakeTimeProvider(now ?? DemoAgents.InsideBusinessHours);
        var calls = new CallRecorder();
        builder.Services.AddMcpServer()
            .WithHttpTransport(options => options.SessionMode = sessionMode)
            .WithTools<SampleTools>()
            .WithRequestFilters(filters => filters.AddCallToolFilter(calls.Filter));
        builder.Services.AddAirlock(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(clock);
        if (configure is null)
        {
            builder.Services.AddAuthentication(AirlockApiKeyDefaults.AuthenticationScheme).AddAirlockApiKeys();
        }
        else
        {
            configure(builder);
        }

        WebApplication app = builder.Build();
        app.UseAirlock();
        app.MapMcp("/mcp");
        map?.Invoke(app);
        await app.StartAsync();
        return new PolicyTestHost(app, clock, calls);
    }

    /// <summary>
    /// The <c>Airlock</c> section of the repository's root appsettings.json (the sample's reference configuration:
    /// the demo agents' hashed keys, NoAccess by default, Reader and Admin), flattened into configuration keys.
    /// </summary>
    public static Dictionary<string, string?> ReferencePolicySettings()
    {
        IConfigurationRoot root = new ConfigurationBuilder().AddJsonFile(RepositoryRoot.AppSettingsPath, optional: false, reloadOnChange: false).Build();
        return root.GetSection("Airlock").AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The SHA-256 of a key as Airlock's configuration stores it: 64 lower-case hexadecimal digits.</summary>
    public static string Sha256Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>An MCP client of the C# SDK on this host that sends <paramref name="headers"/> with every request.</summary>
    public Task<McpClient> CreateMcpClientAsync(IDictionary<string, string> headers, McpClientOptions? options = null) =>
        TestMcpClients.CreateAsync(App.GetTestClient(), new Uri(Client.BaseAddress!, "/mcp"), headers, options);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
