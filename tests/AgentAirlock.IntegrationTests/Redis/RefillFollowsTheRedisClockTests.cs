using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// The shared buckets refill continuously by the Redis server's clock: once the refill period of one token has passed,
/// a call is admitted again, and the bucket's time stamp is the server's time.
/// </summary>
public sealed class RefillFollowsTheRedisClockTests
{
    [Fact]
    public async Task An_empty_twenty_per_second_bucket_admits_a_call_again_after_about_fifty_milliseconds()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("refill");
        TestAgent agent = TestAgent.New("refill");
        RedisPolicySettings settings = scope.Settings([agent], new TestLimit("20/second", "PerAgent", "echo"));
        HttpClient client = scope.Client(scope.Host(settings), agent);

        // Drain the bucket: a burst, then single calls until one is refused (a slow machine refills while it calls).
        await RedisCalls.ConcurrentlyAsync(Enumerable.Range(0, 40).Select(_ => (client, "echo")));
        CallOutcome refused = await client.PollAsync("echo", o => !o.Admitted, TimeSpan.FromSeconds(10), "the bucket to be empty");
        var sinceRefusal = Stopwatch.StartNew();

        RedisCalls.AssertRateLimited(refused, "20/second");
        Assert.InRange(refused.RetryAfterSeconds!.Value, 0.001, 0.051);

        CallOutcome admitted = await client.PollAsync("echo", o => o.Admitted, TimeSpan.FromSeconds(3), "a refilled token");
        sinceRefusal.Stop();
        Assert.True(admitted.Admitted);
        Assert.True(sinceRefusal.Elapsed < TimeSpan.FromSeconds(3), $"a token should come back within about 50 ms; it took {sinceRefusal.Elapsed.TotalMilliseconds:0} ms");

        // The bucket's stamp ('ts', milliseconds since the epoch) is taken from the server's TIME, not sent by the instance.
        RedisKey bucket = Assert.Single(await scope.KeysAsync());
        long stamp = long.Parse((string)(await scope.Redis.GetDatabase().HashGetAsync(bucket, "ts"))!, CultureInfo.InvariantCulture);
        DateTime serverNow = await scope.Redis.GetServers()[0].TimeAsync();
        long serverMilliseconds = new DateTimeOffset(DateTime.SpecifyKind(serverNow, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        Assert.InRange(serverMilliseconds - stamp, 0, 10_000);
    }
}
