using System.Globalization;
using StackExchange.Redis;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// A call takes one token from every matching rule's bucket in Redis, or none: when one bucket is empty, the tokens
/// of the other matching rules are not spent.
/// </summary>
public sealed class AllOrNothingAcrossRulesTests
{
    [Fact]
    public async Task Calls_refused_by_an_empty_later_bucket_do_not_spend_the_earlier_rules_tokens()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("all-or-nothing");
        TestAgent agent = TestAgent.New("atomic");
        RedisPolicySettings settings = scope.Settings([agent],
            new TestLimit("5/minute", "PerAgent", "*"),
            new TestLimit("2/minute", "PerAgent", "echo"));
        HttpClient client = scope.Client(scope.Host(settings), agent);

        // echo matches both rules: two calls leave the broad bucket 3 tokens and the echo bucket none.
        Assert.True((await client.CallAsync("echo")).Admitted);
        Assert.True((await client.CallAsync("echo")).Admitted);
        for (int i = 0; i < 3; i++)
        {
            RedisCalls.AssertRateLimited(await client.CallAsync("echo"), "2/minute");
        }

        // Had the refused echo calls spent the broad bucket's tokens, no add call would be admitted now.
        for (int i = 0; i < 3; i++)
        {
            CallOutcome add = await client.CallAsync("add");
            Assert.True(add.Admitted, $"add call {i + 1} of 3 should be admitted by the broad bucket's remaining tokens: {add}");
        }

        RedisCalls.AssertRateLimited(await client.CallAsync("add"), "5/minute");
    }

    [Fact]
    public async Task Calls_refused_by_an_empty_earlier_bucket_leave_the_later_bucket_full_in_redis()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("all-or-nothing-state");
        TestAgent agent = TestAgent.New("atomic");
        RedisPolicySettings settings = scope.Settings([agent],
            new TestLimit("2/minute", "PerAgent", "*"),
            new TestLimit("10/minute", "PerAgent", "echo"));
        HttpClient client = scope.Client(scope.Host(settings), agent);

        Assert.True((await client.CallAsync("add")).Admitted);
        Assert.True((await client.CallAsync("add")).Admitted);
        for (int i = 0; i < 4; i++)
        {
            RedisCalls.AssertRateLimited(await client.CallAsync("echo"), "2/minute");
        }

        // The buckets are hashes named after the rule (policy#position); 'u' holds whole units, a token being the period
        // in ms divided by gcd(tokens, period): 6000 for 10/minute, 30000 for 2/minute. A bucket that is missing is
        // full (a refusal may or may not write it); the echo rule's bucket must never have been spent.
        RedisKey[] keys = await scope.KeysAsync();
        IDatabase database = scope.Redis.GetDatabase();
        RedisKey broadBucket = Assert.Single(keys, k => k.ToString().Contains($"{RedisPolicySettings.PolicyName}#0", StringComparison.Ordinal));
        RedisKey[] echoBuckets = [.. keys.Where(k => k.ToString().Contains($"{RedisPolicySettings.PolicyName}#1", StringComparison.Ordinal))];
        Assert.True(echoBuckets.Length <= 1, "one echo bucket at most: " + string.Join(", ", echoBuckets));
        long echoUnits = echoBuckets.Length == 0 ? 60_000 : long.Parse((string)(await database.HashGetAsync(echoBuckets[0], "u"))!, CultureInfo.InvariantCulture);
        long broadUnits = long.Parse((string)(await database.HashGetAsync(broadBucket, "u"))!, CultureInfo.InvariantCulture);
        Assert.Equal(60_000, echoUnits);
        Assert.InRange(broadUnits, 0, 29_999);
    }

    [Fact]
    public async Task Of_two_empty_buckets_the_refusal_names_the_one_that_keeps_the_caller_waiting_longest()
    {
        await using RedisTestScope scope = await RedisTestScope.StartAsync("longest-wait");
        TestAgent agent = TestAgent.New("waiting");
        RedisPolicySettings settings = scope.Settings([agent],
            new TestLimit("1/second", "PerAgent", "*"),
            new TestLimit("1/hour", "PerAgent", "echo"));
        HttpClient client = scope.Client(scope.Host(settings), agent);

        Assert.True((await client.CallAsync("echo")).Admitted);
        CallOutcome refused = await client.CallAsync("echo");

        // Retrying after one second would only meet the hourly bucket, still empty.
        RedisCalls.AssertRateLimited(refused, "1/hour");
        Assert.InRange(refused.RetryAfterSeconds!.Value, 3590, 3600);
    }
}
