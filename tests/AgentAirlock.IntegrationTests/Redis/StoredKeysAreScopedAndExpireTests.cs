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

        TimeSpan? perMinute = await database.KeyTimeToLiveAsync(Assert.Single(keys, k => k.ToString().Contains("#0", StringComparison.Ordinal)));
        Assert.InRange(perMinute!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(65));

        // Nothing about this agent was written outside the prefix.
        RedisKey[] everywhere = [.. await AllKeysMentioningAsync(scope.Redis, agent.AgentId)];
        Assert.NotEmpty(everywhere);
        Assert.All(everywhere, key => Assert.StartsWith(scope.Prefix, key.ToString(), StringComparison.Ordinal));
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
