using AgentAirlock.Benchmarks.Shared;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// Airlock's two middlewares (envelope, validation) as <c>app.UseAirlock()</c> adds them, in front of a terminal
/// delegate standing in for the SDK, against the same terminal alone. Each operation builds a fresh
/// <see cref="DefaultHttpContext"/> with a <see cref="MemoryStream"/> body routed to the real MapMcp endpoint, so
/// the difference between the two is what Airlock adds per request (options, endpoint check, body read, parse,
/// feature, validation, decision report, and for a refusal the written answer). Logging has no providers.
/// </summary>
[MemoryDiagnoser]
public class MiddlewarePipelineBenchmarks
{
    private SampleHost _host = null!;
    private SampleCall _call = null!;
    private RequestDelegate _bare = null!;
    private RequestDelegate _airlock = null!;
    private long _reachedTerminal;

    [Params("add", "search_2026-07-28", "add_ghost_arg")]
    public string Call { get; set; } = SampleCalls.Add.Name;

    [GlobalSetup]
    public void Setup()
    {
        _host = SampleHost.Create();
        _call = SampleCalls.Get(Call);

        var bare = new ApplicationBuilder(_host.Services);
        bare.Run(Terminal);
        _bare = bare.Build();

        var airlock = new ApplicationBuilder(_host.Services);
        airlock.UseAirlock();
        airlock.Run(Terminal);
        _airlock = airlock.Build();

        // Prove the pipeline is the one claimed: valid calls reach the terminal, refused calls are answered before it.
        long before = _reachedTerminal;
        DefaultHttpContext context = NewContext();
        var response = new MemoryStream();
        context.Response.Body = response;
        _airlock(context).GetAwaiter().GetResult();
        bool reached = _reachedTerminal > before;
        string body = System.Text.Encoding.UTF8.GetString(response.ToArray());
        if (reached == _call.Rejected || (_call.Rejected && !body.Contains("AIRLOCK_BLOCK", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{_call.Name}: reached the terminal: {reached}; answer: {body}");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _host.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task Bare() => _bare(NewContext());

    [Benchmark]
    public Task Airlock() => _airlock(NewContext());

    private Task Terminal(HttpContext context)
    {
        Interlocked.Increment(ref _reachedTerminal);
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        _call.ApplyTo(context.Request);
        context.Request.Body = new MemoryStream(_call.Body, writable: false);
        context.SetEndpoint(_host.McpEndpoint);
        return context;
    }
}
