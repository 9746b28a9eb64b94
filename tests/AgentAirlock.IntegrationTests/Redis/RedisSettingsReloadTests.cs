namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// The Redis store's settings are part of the policy section, which takes effect on the next call when it changes:
/// a new key prefix (or store) applies without a restart.
/// </summary>
public sealed class RedisSettingsReloadTests
{
    [Fact]
    public async Task A_changed_key_prefix_takes_effect_on_the_next_call_without_a_restart()
    {
        await using RedisTestScope before = await RedisTestScope.StartAsync("reload-before");
        await using RedisTestScope after = await RedisTestScope.StartAsync("reload-after");
        TestAgent agent = TestAgent.New("reload");
        RedisSampleHost host = before.Host(before.Settings([agent], new TestLimit("10/minute", "PerAgent", "*")));
        HttpClient client = before.Client(host, agent);
        Assert.True((await client.CallAsync("echo")).Admitted);
        Assert.NotEmpty(await before.KeysAsync());

        host.Reloadable.Change("Airlock:Policy:Redis:KeyPrefix", after.Prefix);
        Assert.True((await client.CallAsync("echo")).Admitted);

        Assert.True((await after.KeysAsync()).Length == 1,
            $"after the reload the bucket should live under the new prefix {after.Prefix}; keys there: [{string.Join(", ", await after.KeysAsync())}], "
            + $"under the old prefix: [{string.Join(", ", await before.KeysAsync())}]");
    }

    [Fact]
    public async Task Switching_the_store_from_memory_to_redis_takes_effect_on_the_next_call()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("reload-store");
        TestAgent agent = TestAgent.New("reload");
        RedisSampleHost host = scope.Host(scope.Settings([agent], new TestLimit("10/minute", "PerAgent", "*")));
        host.Reloadable.Change("Airlock:Policy:RateLimitStore", "Memory");
        HttpClient client = scope.Client(host, agent);
        Assert.True((await client.CallAsync("echo")).Admitted);
        Assert.Empty(await scope.KeysAsync());

        host.Reloadable.Remove("Airlock:Policy:RateLimitStore");
        Assert.True((await client.CallAsync("echo")).Admitted);

        Assert.Single(await scope.KeysAsync());
    }
}
