using AgentAirlock.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// Every key Airlock writes to Redis carries the configured prefix and a time to live no longer than the refill time
/// of a full bucket plus a margin, so idle buckets disappear on their own.
/// </summary>
public sealed class StoredKeysAreScopedAndExpireTests
{
    [Fact]
    public async Task Each_bucket_key_starts_with_the_configured_prefix_and_expires()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("keys");
        TestAgent agent = TestAgent.New("keys");
        RedisPolicySettings settings = scope.Settings([agent],
            new TestLimit("10/minute", "PerAgent", "*"),
            new TestLimit("100/hour", "PerAgentAndTool", "echo"),
            new TestLimit("1000/day", "Global", "e*"));
        HttpClient client = scope.Client(scope.Host(settings), agent);

        Assert.True((await client.CallAsync("echo")).Admitted);

        RedisKey[] keys = await scope.KeysAsync();
        Assert.Equal(3, keys.Length);
        IDatabase database = scope.Redis.GetDatabase();
        foreach (RedisKey key in keys)
        {
            Assert.StartsWith(scope.Prefix, key.ToString(), StringComparison.Ordinal);
            TimeSpan? ttl = await database.KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } t && t > TimeSpan.Zero, $"{key} should expire, its TTL is {ttl?.ToString() ?? "none"}");
            Assert.True(ttl <= TimeSpan.FromDays(1) + TimeSpan.FromSeconds(5), $"{key} lives longer than a day's refill: {ttl}");
        }

        // A key lives until its bucket is full again, plus a second: one token of 10/minute refills in 6 s, one token
        // of 1000/day in 86.4 s (not a whole period: a day-long key per invented caller would pile up).
        TimeSpan? perMinute = await database.KeyTimeToLiveAsync(Assert.Single(keys, k => k.ToString().Contains("#0", StringComparison.Ordinal)));
        TimeSpan? perDay = await database.KeyTimeToLiveAsync(Assert.Single(keys, k => k.ToString().Contains("#2", StringComparison.Ordinal)));
        Assert.InRange(perMinute!.Value, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7));
        Assert.InRange(perDay!.Value, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(87.4));

        // Nothing about this agent was written outside the prefix.
        RedisKey[] everywhere = [.. await AllKeysMentioningAsync(scope.Redis, agent.AgentId)];
        Assert.NotEmpty(everywhere);
        Assert.All(everywhere, key => Assert.StartsWith(scope.Prefix, key.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_to_tools_the_server_does_not_have_share_one_bucket_however_many_names_are_invented()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("invented");
        TestAgent agent = TestAgent.New("inventor");
        RedisPolicySettings settings = scope.Settings([agent], new TestLimit("1000/minute", "PerAgentAndTool", "*"));
        HttpClient client = scope.Client(scope.Host(settings), agent);

        for (int i = 0; i < 25; i++)
        {
            McpAnswer answer = await client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), $"invented_{i}", "{}"));
            Assert.Equal(-32602, answer.Error.GetProperty("code").GetInt32());
        }

        Assert.True((await client.CallAsync("echo")).Admitted);

        RedisKey[] keys = await scope.KeysAsync();
        Assert.Equal(2, keys.Length);
        Assert.Single(keys, k => k.ToString().Contains("(unknown tool)", StringComparison.Ordinal));
        Assert.Single(keys, k => k.ToString().EndsWith(":echo", StringComparison.Ordinal));
    }

    private static async Task<List<RedisKey>> AllKeysMentioningAsync(ConnectionMultiplexer redis, string text)
    {
        var keys = new List<RedisKey>();
        await foreach (RedisKey key in redis.GetServers()[0].KeysAsync(pattern: "*" + text + "*", pageSize: 500))
        {
            keys.Add(key);
        }

        return keys;
    }
}
