namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// The scope of a limit partitions the shared buckets the same way on every instance: per tool (one budget per tool,
/// shared by every agent) and per agent and tool (one budget per pair).
/// </summary>
public sealed class ScopedBudgetsArePartitionedAcrossInstancesTests
{
    [Fact]
    public async Task A_per_tool_limit_admits_exactly_its_budget_for_each_tool_whichever_agent_and_instance_calls()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("per-tool");
        TestAgent alice = TestAgent.New("alice");
        TestAgent bob = TestAgent.New("bob");
        RedisPolicySettings settings = scope.Settings([alice, bob], new TestLimit("5/minute", "PerTool", "echo", "add"));
        RedisSampleHost first = scope.Host(settings);
        RedisSampleHost second = scope.Host(settings);
        HttpClient[] clients = [scope.Client(first, alice), scope.Client(second, alice), scope.Client(first, bob), scope.Client(second, bob)];

        (HttpClient Client, string Tool)[] calls = [.. Enumerable.Range(0, 64).Select(i => (clients[i % 4], (i / 4) % 2 == 0 ? "echo" : "add"))];
        CallOutcome[] outcomes = await RedisCalls.ConcurrentlyAsync(calls);

        Assert.Equal(5, outcomes.Where((o, i) => calls[i].Tool == "echo").Count(o => o.Admitted));
        Assert.Equal(5, outcomes.Where((o, i) => calls[i].Tool == "add").Count(o => o.Admitted));
        Assert.All(outcomes.Where(o => !o.Admitted), o => RedisCalls.AssertRateLimited(o, "5/minute"));
    }

    [Fact]
    public async Task A_per_agent_and_tool_limit_admits_exactly_its_budget_for_each_agent_and_tool_pair()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("per-agent-tool");
        TestAgent alice = TestAgent.New("alice");
        TestAgent bob = TestAgent.New("bob");
        RedisPolicySettings settings = scope.Settings([alice, bob], new TestLimit("4/minute", "PerAgentAndTool", "*"));
        RedisSampleHost first = scope.Host(settings);
        RedisSampleHost second = scope.Host(settings);
        var clients = new (HttpClient Client, string Agent)[]
        {
            (scope.Client(first, alice), "alice"), (scope.Client(second, alice), "alice"),
            (scope.Client(first, bob), "bob"), (scope.Client(second, bob), "bob"),
        };

        var calls = Enumerable.Range(0, 64).Select(i => (clients[i % 4].Client, clients[i % 4].Agent, Tool: (i / 4) % 2 == 0 ? "echo" : "add")).ToArray();
        CallOutcome[] outcomes = await RedisCalls.ConcurrentlyAsync(calls.Select(c => (c.Client, c.Tool)));

        foreach (string agent in new[] { "alice", "bob" })
        {
            foreach (string tool in new[] { "echo", "add" })
            {
                int admitted = outcomes.Where((o, i) => calls[i].Agent == agent && calls[i].Tool == tool).Count(o => o.Admitted);
                Assert.True(admitted == 4, $"{agent} calling {tool}: expected exactly 4 admitted, got {admitted}");
            }
        }

        Assert.All(outcomes.Where(o => !o.Admitted), o => RedisCalls.AssertRateLimited(o, "4/minute"));
    }
}
