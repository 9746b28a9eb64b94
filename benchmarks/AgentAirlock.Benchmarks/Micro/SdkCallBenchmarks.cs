using System.Net.Http.Headers;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Policy;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// A whole <c>tools/call</c> through the real MCP SDK, in process and one at a time: the sample's registrations and
/// pipeline (authentication, <c>UseAirlock()</c> or not, <c>MapMcp</c>) on ASP.NET Core's TestServer, called with an
/// HttpClient that reads the whole answer. Unlike the loopback load benchmark, nothing else shares the measurement
/// (no sockets, no second server, no load generator on the same cores), so the allocation differences between the
/// three configurations are exactly what Airlock adds to a real call, SDK included. The times are not as useful: the
/// TestServer and the SDK hand each call between threads, which makes them vary by ±20 % from one iteration to the next.
/// <list type="bullet">
/// <item><c>Bare</c>: <c>Airlock:Enabled=false</c>, no key.</item>
/// <item><c>Validation</c>: <c>DefaultPolicy=Permissive</c>, no key: envelope, policy (anonymous) and validation.</item>
/// <item><c>Full</c>: the shipped configuration, <c>X-API-Key: airlock-demo-admin</c>.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class SdkCallBenchmarks
#pragma warning restore CA1001
{
    private WebApplication _bare = null!;
    private WebApplication _validation = null!;
    private WebApplication _full = null!;
    private HttpClient _bareClient = null!;
    private HttpClient _validationClient = null!;
    private HttpClient _fullClient = null!;
    private SampleCall _call = null!;

    [Params("add", "search_2026-07-28", "get_customer")]
    public string Call { get; set; } = SampleCalls.Add.Name;

    [GlobalSetup]
    public void Setup()
    {
        _call = SampleCalls.Get(Call);
        (_bare, _bareClient) = Start(new() { ["Airlock:Enabled"] = "false" });
        (_validation, _validationClient) = Start(new(DemoAgents.PermissiveDefault));
        (_full, _fullClient) = Start([]);
        _fullClient.DefaultRequestHeaders.Add(AirlockApiKeyDefaults.HeaderName, DemoAgents.AdminKey);

        // Each configuration must answer with the tool's result, or it measures something else.
        foreach (HttpClient client in new[] { _bareClient, _validationClient, _fullClient })
        {
            string answer = Send(client).GetAwaiter().GetResult();
            if (!answer.Contains("\"result\"", StringComparison.Ordinal) || answer.Contains("isError\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{Call}: unexpected answer {answer}");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (HttpClient client in new[] { _bareClient, _validationClient, _fullClient })
        {
            client.Dispose();
        }

        await _bare.DisposeAsync();
        await _validation.DisposeAsync();
        await _full.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<string> Bare() => Send(_bareClient);

    [Benchmark]
    public Task<string> Validation() => Send(_validationClient);

    [Benchmark]
    public Task<string> Full() => Send(_fullClient);

    private async Task<string> Send(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new ByteArrayContent(_call.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", SampleCall.AcceptBoth);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", _call.ProtocolVersion);
        if (_call.PerRequestMetadata)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
            request.Headers.TryAddWithoutValidation("Mcp-Name", _call.Tool);
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static (WebApplication App, HttpClient Client) Start(Dictionary<string, string?> overrides)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = RepositoryRoot.Find() });
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        SampleHost.AddSampleServices(builder);

        WebApplication app = builder.Build();
        app.UseAirlock();
        app.MapMcp("/mcp");
        app.StartAsync().GetAwaiter().GetResult();
        return (app, app.GetTestClient());
    }
}
