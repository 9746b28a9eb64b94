namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// Two Airlock instances (two hosts of the sample) with <c>RateLimitStore: Redis</c> on one redis-server and one key
/// prefix share one budget exactly: N concurrent calls spread across both admit exactly the limit.
/// </summary>
public sealed class TwoInstancesShareOneBudgetTests
{
    [Fact]
    public async Task Sixty_concurrent_calls_across_two_instances_admit_exactly_the_per_agent_budget_of_ten()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("shared-budget");
        TestAgent agent = TestAgent.New("shared");
        TestAgent warmUp = TestAgent.New("warm-up");
        RedisPolicySettings settings = scope.Settings([agent, warmUp], new TestLimit("10/minute", "PerAgent", "*"));
        RedisSampleHost first = scope.Host(settings);
        RedisSampleHost second = scope.Host(settings);
        HttpClient[] clients = [scope.Client(first, agent), scope.Client(second, agent)];

        // Each instance connects to Redis once, with another agent's budget.
        Assert.True((await scope.Client(first, warmUp).CallAsync("echo")).Admitted);
        Assert.True((await scope.Client(second, warmUp).CallAsync("echo")).Admitted);

        CallOutcome[] outcomes = await RedisCalls.ConcurrentlyAsync(Enumerable.Range(0, 60).Select(i => (clients[i % 2], i % 3 == 0 ? "add" : "echo")));

        Assert.Equal(10, outcomes.Count(o => o.Admitted));
        Assert.All(outcomes.Where(o => !o.Admitted), o => RedisCalls.AssertRateLimited(o, "10/minute"));
        Assert.Equal(50, outcomes.Count(o => o.IsRateLimited));

        // Both instances took part in deciding: each refused some of the calls it received.
        Assert.Equal(10, first.CountDecisions("allowed", null) + second.CountDecisions("allowed", null) - 2);
        Assert.True(first.CountDecisions("blocked", "rate_limit") > 0 && second.CountDecisions("blocked", "rate_limit") > 0,
            "each instance should have refused calls from the shared, empty bucket");
    }

    [Fact]
    public async Task Once_the_shared_budget_is_spent_on_one_instance_the_other_instance_refuses_too()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("spent-elsewhere");
        TestAgent agent = TestAgent.New("spent");
        RedisPolicySettings settings = scope.Settings([agent], new TestLimit("3/minute", "PerAgent", "*"));
        HttpClient first = scope.Client(scope.Host(settings), agent);
        HttpClient second = scope.Client(scope.Host(settings), agent);

        for (int i = 0; i < 3; i++)
        {
            CallOutcome admitted = await first.CallAsync("echo");
            Assert.True(admitted.Admitted, $"call {i + 1} of 3 on the first instance: {admitted}");
        }

        CallOutcome refused = await second.CallAsync("echo");

        RedisCalls.AssertRateLimited(refused, "3/minute");
        Assert.InRange(refused.RetryAfterSeconds!.Value, 0.001, 20.0);
    }
}
