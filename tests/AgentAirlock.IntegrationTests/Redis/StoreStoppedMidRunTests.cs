namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// A redis-server of the test's own stops while two instances use it: the next calls follow the failure mode, and once
/// it runs again (empty: it keeps nothing) the instances reconnect by themselves and share one budget again.
/// </summary>
public sealed class StoreStoppedMidRunTests
{
    private const int TimeoutMilliseconds = 250;
    private static readonly TimeSpan Reconnection = TimeSpan.FromSeconds(20);

    private static RedisPolicySettings Settings(PrivateRedisServer redis, string failureMode, params TestAgent[] agents) => new()
    {
        RedisConfiguration = redis.Configuration,
        KeyPrefix = RedisTestEnvironment.NewPrefix("stopped"),
        FailureMode = failureMode,
        TimeoutMilliseconds = TimeoutMilliseconds,
        Agents = agents,
        Limits = [new TestLimit("4/minute", "PerAgent", "*")],
    };

    [Fact]
    public async Task Failing_closed_refuses_calls_while_redis_is_down_and_shares_the_budget_again_after_it_restarts()
    {
        RedisTestEnvironment.Require();
        await using PrivateRedisServer redis = await PrivateRedisServer.StartAsync();
        TestAgent agent = TestAgent.New("closed");
        TestAgent probe = TestAgent.New("probe");
        RedisPolicySettings settings = Settings(redis, "Closed", agent, probe);
        using var first = new RedisSampleHost(settings);
        using var second = new RedisSampleHost(settings);
        using HttpClient firstAgent = first.ClientFor(agent);
        using HttpClient secondAgent = second.ClientFor(agent);
        using HttpClient firstProbe = first.ClientFor(probe);
        using HttpClient secondProbe = second.ClientFor(probe);
        await WaitUntilSharedAsync(first, firstProbe);
        await WaitUntilSharedAsync(second, secondProbe);

        Assert.True((await firstAgent.CallAsync("echo")).Admitted);
        Assert.True((await secondAgent.CallAsync("echo")).Admitted);

        await redis.StopAsync();

        foreach (HttpClient client in new[] { firstAgent, secondAgent, firstAgent, secondAgent })
        {
            CallOutcome down = await client.CallAsync("echo");
            Assert.True(down.IsUnavailable, "with Redis stopped and FailureMode Closed, expected rate_limit_unavailable, got " + down);
        }

        await redis.StartAgainAsync();

        // Each instance reconnects on its own; a probe agent with a budget of its own shows when.
        await firstProbe.PollAsync("echo", o => o.Admitted, Reconnection, "the first instance to reconnect to the restarted Redis");
        await secondProbe.PollAsync("echo", o => o.Admitted, Reconnection, "the second instance to reconnect to the restarted Redis");

        // The restarted server is empty: the agent's bucket is full again, and shared.
        CallOutcome[] outcomes = await RedisCalls.ConcurrentlyAsync(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? firstAgent : secondAgent, "echo")));
        Assert.Equal(4, outcomes.Count(o => o.Admitted));
        Assert.All(outcomes.Where(o => !o.Admitted), o => RedisCalls.AssertRateLimited(o, "4/minute"));
    }

    [Fact]
    public async Task Failing_open_admits_calls_in_memory_while_redis_is_down_and_shares_the_budget_again_after_it_restarts()
    {
        RedisTestEnvironment.Require();
        await using PrivateRedisServer redis = await PrivateRedisServer.StartAsync();
        TestAgent agent = TestAgent.New("open");
        TestAgent probe = TestAgent.New("probe");
        RedisPolicySettings settings = Settings(redis, "Open", agent, probe);
        using var first = new RedisSampleHost(settings);
        using var second = new RedisSampleHost(settings);
        using HttpClient firstAgent = first.ClientFor(agent);
        using HttpClient secondAgent = second.ClientFor(agent);
        using HttpClient firstProbe = first.ClientFor(probe);
        using HttpClient secondProbe = second.ClientFor(probe);
        await WaitUntilSharedAsync(first, firstProbe);
        await WaitUntilSharedAsync(second, secondProbe);
        long degradedBefore = first.CountDecisions("allowed", "rate_limit_store_degraded");

        // Shared: two calls on each instance spend the agent's whole budget of 4.
        for (int i = 0; i < 2; i++)
        {
            Assert.True((await firstAgent.CallAsync("echo")).Admitted);
            Assert.True((await secondAgent.CallAsync("echo")).Admitted);
        }

        RedisCalls.AssertRateLimited(await firstAgent.CallAsync("echo"), "4/minute");
        Assert.Equal(degradedBefore, first.CountDecisions("allowed", "rate_limit_store_degraded"));

        await redis.StopAsync();

        // The first instance's own in-memory bucket for the agent is still full: 4 degraded admissions, then its limit.
        for (int i = 0; i < 4; i++)
        {
            CallOutcome degraded = await firstAgent.CallAsync("echo");
            Assert.True(degraded.Admitted, $"with Redis stopped and FailureMode Open, call {i + 1} should be admitted in memory: {degraded}");
        }

        RedisCalls.AssertRateLimited(await firstAgent.CallAsync("echo"), "4/minute");
        Assert.Equal(degradedBefore + 4, first.CountDecisions("allowed", "rate_limit_store_degraded"));

        await redis.StartAgainAsync();

        // Reconnected once a call is admitted without a degraded decision being reported.
        await WaitUntilSharedAsync(first, firstProbe);
        await WaitUntilSharedAsync(second, secondProbe);

        CallOutcome[] outcomes = await RedisCalls.ConcurrentlyAsync(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? firstAgent : secondAgent, "echo")));
        Assert.Equal(4, outcomes.Count(o => o.Admitted));
        Assert.All(outcomes.Where(o => !o.Admitted), o => RedisCalls.AssertRateLimited(o, "4/minute"));
    }

    /// <summary>
    /// Waits until a call of the probe agent is admitted by Redis (no degraded decision): at the start, the first
    /// connection may take longer than a decision's deadline on a busy machine; after a restart, the client reconnects.
    /// </summary>
    private static async Task WaitUntilSharedAsync(RedisSampleHost host, HttpClient probe)
    {
        long degraded = host.CountDecisions("allowed", "rate_limit_store_degraded");
        await probe.PollAsync("echo", o =>
        {
            long now = host.CountDecisions("allowed", "rate_limit_store_degraded");
            bool shared = o.Admitted && now == degraded;
            degraded = now;
            return shared;
        }, Reconnection, "the instance to be connected to Redis");
    }
}
