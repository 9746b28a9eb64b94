using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Policy;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// The three configurations of the load benchmark, in process: the authentication middleware (which a WebApplication
/// adds by itself once AddAuthentication is called, as the sample does) in front of a terminal delegate standing in
/// for the SDK, with Airlock's layers (<c>UseAirlock()</c>: envelope, policy, validation) between them or not.
/// <list type="bullet">
/// <item><c>Bare</c>: authentication + terminal, no key sent.</item>
/// <item><c>EnvelopeValidation</c>: + <c>UseAirlockValidation()</c> only (envelope and validation, no policy layer), no key
/// sent: the pipeline issue 2 measured, so that the policy layer's share of the two below can be told apart.</item>
/// <item><c>Validation</c>: + UseAirlock with <c>DefaultPolicy=Permissive</c>, no key sent (anonymous callers pass the policy layer).</item>
/// <item><c>Full</c>: + UseAirlock with the shipped configuration, <c>X-API-Key: airlock-demo-admin</c> sent.</item>
/// </list>
/// Each operation builds a fresh <see cref="DefaultHttpContext"/> with a <see cref="MemoryStream"/> body routed to the
/// real MapMcp endpoint and a fresh request scope (authentication handlers are per request), so the differences are
/// what Airlock and the API-key scheme add per request. Logging has no providers.
/// </summary>
[MemoryDiagnoser]
public class MiddlewarePipelineBenchmarks
{
    private SampleHost _shipped = null!;
    private SampleHost _permissive = null!;
    private SampleCall _call = null!;
    private RequestDelegate _bare = null!;
    private RequestDelegate _envelopeValidation = null!;
    private RequestDelegate _validation = null!;
    private RequestDelegate _full = null!;
    private long _reachedTerminal;

    [Params("add", "search_2026-07-28", "add_ghost_arg")]
    public string Call { get; set; } = SampleCalls.Add.Name;

    [GlobalSetup]
    public void Setup()
    {
        _shipped = SampleHost.Create();
        _permissive = SampleHost.Create(DemoAgents.PermissiveDefault);
        _call = SampleCalls.Get(Call);
        _bare = Build(_shipped, static _ => { });
        _envelopeValidation = Build(_shipped, app => app.UseAirlockValidation());
        _validation = Build(_permissive, app => app.UseAirlock());
        _full = Build(_shipped, app => app.UseAirlock());

        // Prove each pipeline is the one claimed: valid calls reach the terminal, Airlock answers refused ones itself.
        Check("bare", _bare, _shipped, null, expectRefusal: false);
        Check("envelope+validation", _envelopeValidation, _shipped, null, expectRefusal: _call.Rejected);
        Check("validation", _validation, _permissive, null, expectRefusal: _call.Rejected);
        Check("full", _full, _shipped, DemoAgents.AdminKey, expectRefusal: _call.Rejected);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _shipped.DisposeAsync();
        await _permissive.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task Bare() => RunAsync(_bare, _shipped, null);

    [Benchmark]
    public Task EnvelopeValidation() => RunAsync(_envelopeValidation, _shipped, null);

    [Benchmark]
    public Task Validation() => RunAsync(_validation, _permissive, null);

    [Benchmark]
    public Task Full() => RunAsync(_full, _shipped, DemoAgents.AdminKey);

    private RequestDelegate Build(SampleHost host, Action<IApplicationBuilder> airlock)
    {
        var app = new ApplicationBuilder(host.Services);
        app.UseAuthentication();
        airlock(app);
        app.Run(Terminal);
        return app.Build();
    }

    private void Check(string name, RequestDelegate pipeline, SampleHost host, string? apiKey, bool expectRefusal)
    {
        long before = _reachedTerminal;
        using AsyncServiceScope scope = host.Services.CreateAsyncScope();
        DefaultHttpContext context = NewContext(host, scope.ServiceProvider, apiKey);
        var response = new MemoryStream();
        context.Response.Body = response;
        pipeline(context).GetAwaiter().GetResult();
        bool reached = _reachedTerminal > before;
        string body = System.Text.Encoding.UTF8.GetString(response.ToArray());
        if (reached == expectRefusal || (expectRefusal && !body.Contains("AIRLOCK_BLOCK", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{name} {_call.Name}: reached the terminal: {reached}; status {context.Response.StatusCode}; answer: {body}");
        }
    }

    private async Task RunAsync(RequestDelegate pipeline, SampleHost host, string? apiKey)
    {
        await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
        await pipeline(NewContext(host, scope.ServiceProvider, apiKey));
    }

    private Task Terminal(HttpContext context)
    {
        Interlocked.Increment(ref _reachedTerminal);
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private DefaultHttpContext NewContext(SampleHost host, IServiceProvider requestServices, string? apiKey)
    {
        var context = new DefaultHttpContext { RequestServices = requestServices };
        _call.ApplyTo(context.Request);
        if (apiKey is not null)
        {
            context.Request.Headers[AirlockApiKeyDefaults.HeaderName] = apiKey;
        }

        context.Request.Body = new MemoryStream(_call.Body, writable: false);
        context.SetEndpoint(host.McpEndpoint);
        return context;
    }
}
