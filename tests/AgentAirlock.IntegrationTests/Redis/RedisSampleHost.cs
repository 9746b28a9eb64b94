using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// One instance of the sample server (samples/AirlockSample, root appsettings.json) in memory, with the Redis policy
/// settings of a test on top. Several hosts with the same settings are several Airlock instances sharing one store.
/// </summary>
internal sealed class RedisSampleHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private MetricCollector<long>? _decisions;

    public RedisSampleHost(RedisPolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.ToDictionary();
    }

    /// <summary>Settings a test changes while the host runs, raising a reload like an edited appsettings.json.</summary>
    public ReloadableSettings Reloadable { get; } = new();

    /// <summary>The airlock.decisions counter of this host, collected from its start.</summary>
    public MetricCollector<long> Decisions => _decisions ?? throw new InvalidOperationException("Start the host first.");

    /// <summary>Starts the host and begins collecting its decisions.</summary>
    public RedisSampleHost Start()
    {
        _decisions ??= new MetricCollector<long>(Services.GetRequiredService<IMeterFactory>(), "AgentAirlock", "airlock.decisions");
        return this;
    }

    /// <summary>An HTTP client of this host that presents the agent's API key.</summary>
    public HttpClient ClientFor(TestAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        Start();
        HttpClient client = CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", agent.ApiKey);
        return client;
    }

    /// <summary>How many policy decisions of this host carried the given outcome and reason.</summary>
    public long CountDecisions(string outcome, string? reason) => Decisions.GetMeasurementSnapshot()
        .Where(m => m.Tags.GetValueOrDefault("airlock.layer") as string == "policy"
            && m.Tags.GetValueOrDefault("airlock.outcome") as string == outcome
            && m.Tags.GetValueOrDefault("airlock.reason") as string == reason)
        .Sum(m => m.Value);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseContentRoot(RepositoryRoot.Path);
        foreach ((string key, string? value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.Add(Reloadable));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decisions?.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>What became of one tools/call.</summary>
internal sealed record CallOutcome(bool Admitted, string? BlockReason, double? RetryAfterSeconds, string? Limit, TimeSpan Elapsed, McpAnswer Answer)
{
    public bool IsRateLimited => BlockReason == "rate_limit";

    public bool IsUnavailable => BlockReason == "rate_limit_unavailable";

    public override string ToString() => Admitted ? $"admitted in {Elapsed.TotalMilliseconds:0} ms" : $"{BlockReason} in {Elapsed.TotalMilliseconds:0} ms: {Answer}";
}

internal static class RedisCalls
{
    /// <summary>Valid arguments of the sample's tools used here.</summary>
    public static string ArgumentsFor(string tool) => tool switch
    {
        "echo" => """{"text":"redis"}""",
        "add" => """{"a":1,"b":2}""",
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, "no arguments known for this tool"),
    };

    /// <summary>Calls a tool and classifies the answer: admitted (the tool ran) or blocked with a reason (shape checked).</summary>
    public static async Task<CallOutcome> CallAsync(this HttpClient client, string tool)
    {
        ArgumentNullException.ThrowIfNull(client);
        var watch = Stopwatch.StartNew();
        McpAnswer answer = await client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), tool, ArgumentsFor(tool)));
        watch.Stop();
        if (!answer.IsBlocked)
        {
            Blocks.AssertToolSucceeded(answer);
            return new CallOutcome(true, null, null, null, watch.Elapsed, answer);
        }

        JsonElement block = answer.Block;
        string reason = Blocks.AssertShape(block, tool);
        double? retryAfter = block.TryGetProperty("retry_after_seconds", out JsonElement retry) && retry.ValueKind == JsonValueKind.Number
            ? retry.GetDouble()
            : null;
        string? limit = block.GetProperty("metadata").TryGetProperty("limit", out JsonElement l) ? l.GetString() : null;
        return new CallOutcome(false, reason, retryAfter, limit, watch.Elapsed, answer);
    }

    /// <summary>Asserts the call was refused by a rate limit with a positive, computed retry-after.</summary>
    public static void AssertRateLimited(CallOutcome outcome, string? limit = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Assert.True(outcome.IsRateLimited, "expected block_reason rate_limit, got " + outcome);
        Assert.True(outcome.RetryAfterSeconds is > 0, "expected a positive retry_after_seconds, got " + outcome);
        if (limit is not null)
        {
            Assert.Equal(limit, outcome.Limit);
        }
    }

    /// <summary>Fires the calls all at once, each on its own client, and returns their outcomes in the same order.</summary>
    public static Task<CallOutcome[]> ConcurrentlyAsync(IEnumerable<(HttpClient Client, string Tool)> calls) =>
        Task.WhenAll(calls.Select(call => Task.Run(() => call.Client.CallAsync(call.Tool))));

    /// <summary>Calls until <paramref name="done"/> holds for an outcome, or fails after <paramref name="deadline"/>.</summary>
    public static async Task<CallOutcome> PollAsync(this HttpClient client, string tool, Func<CallOutcome, bool> done, TimeSpan deadline, string waitingFor)
    {
        ArgumentNullException.ThrowIfNull(done);
        var watch = Stopwatch.StartNew();
        CallOutcome? last = null;
        while (watch.Elapsed < deadline)
        {
            last = await client.CallAsync(tool);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(10);
        }

        throw new Xunit.Sdk.XunitException($"waited {deadline.TotalSeconds:0.#} s for {waitingFor}; the last call was {last}");
    }
}
