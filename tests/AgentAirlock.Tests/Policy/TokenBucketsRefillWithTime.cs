using System.Threading.RateLimiting;
using AgentAirlock.Policy;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Policy;

public sealed class TokenBucketsRefillWithTime
{
    private readonly FakeTimeProvider _time = new(At.June(1, 12));

    private TokenBucketLimiter Bucket(string rate) => new(Policies.Rate(rate), _time);

    private static bool Take(TokenBucketLimiter bucket)
    {
        using RateLimitLease lease = bucket.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    private static TimeSpan RefusedRetryAfter(TokenBucketLimiter bucket)
    {
        using RateLimitLease lease = bucket.AttemptAcquire(1);
        Assert.False(lease.IsAcquired);
        Assert.Contains(MetadataName.RetryAfter.Name, lease.MetadataNames);
        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter));
        return retryAfter;
    }

    private static long Available(TokenBucketLimiter bucket) => bucket.GetStatistics()!.CurrentAvailablePermits;

    [Fact]
    public void A_new_bucket_is_full()
    {
        using TokenBucketLimiter bucket = Bucket("5/minute");

        Assert.True(bucket.IsFull);
        Assert.Equal(5, Available(bucket));
        Assert.Equal(TimeSpan.FromMinutes(1), bucket.Period);
    }

    [Fact]
    public void Two_per_second_grants_two_calls_then_refuses_the_third()
    {
        using TokenBucketLimiter bucket = Bucket("2/second");

        Assert.True(Take(bucket));
        Assert.True(Take(bucket));
        Assert.False(Take(bucket));
    }

    [Fact]
    public void A_refusal_says_exactly_when_the_next_token_arrives()
    {
        using TokenBucketLimiter bucket = Bucket("2/second");
        Take(bucket);
        Take(bucket);

        Assert.Equal(TimeSpan.FromMilliseconds(500), RefusedRetryAfter(bucket));

        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.FromMilliseconds(250), RefusedRetryAfter(bucket));

        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(Take(bucket));
        Assert.Equal(TimeSpan.FromMilliseconds(500), RefusedRetryAfter(bucket));
    }

    [Theory]
    [InlineData("1/second", 1_000)]
    [InlineData("10/minute", 6_000)]
    [InlineData("100/hour", 36_000)]
    [InlineData("30/minute", 2_000)]
    [InlineData("24/day", 3_600_000)]
    public void The_retry_after_of_an_empty_bucket_is_one_period_divided_by_the_rate(string rate, int expectedMilliseconds)
    {
        using TokenBucketLimiter bucket = Bucket(rate);
        while (Take(bucket))
        {
        }

        TimeSpan retryAfter = RefusedRetryAfter(bucket);

        Assert.InRange(retryAfter.TotalMilliseconds, expectedMilliseconds - 0.001, expectedMilliseconds + 0.001);
    }

    [Fact]
    public void Tokens_come_back_continuously_at_the_rate()
    {
        using TokenBucketLimiter bucket = Bucket("10/minute");
        for (int i = 0; i < 10; i++)
        {
            Assert.True(Take(bucket));
        }

        Assert.False(Take(bucket));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(5, Available(bucket));
        for (int i = 0; i < 5; i++)
        {
            Assert.True(Take(bucket));
        }

        Assert.False(Take(bucket));
    }

    [Fact]
    public void A_bucket_never_holds_more_than_its_capacity()
    {
        using TokenBucketLimiter bucket = Bucket("3/second");
        Take(bucket);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.True(bucket.IsFull);
        Assert.Equal(3, Available(bucket));
        Assert.True(Take(bucket));
        Assert.True(Take(bucket));
        Assert.True(Take(bucket));
        Assert.False(Take(bucket));
    }

    [Fact]
    public void A_zero_rate_never_grants_and_says_retry_after_one_period()
    {
        using TokenBucketLimiter bucket = Bucket("0/hour");

        Assert.False(Take(bucket));
        Assert.Equal(TimeSpan.FromHours(1), RefusedRetryAfter(bucket));

        _time.Advance(TimeSpan.FromDays(30));
        Assert.False(Take(bucket));
        using RateLimitLease none = bucket.AttemptAcquire(0);
        Assert.False(none.IsAcquired);
    }

    [Fact]
    public void Asking_for_no_permits_succeeds_on_a_bucket_that_can_ever_grant()
    {
        using TokenBucketLimiter bucket = Bucket("1/second");
        Take(bucket);

        using RateLimitLease lease = bucket.AttemptAcquire(0);

        Assert.True(lease.IsAcquired);
        Assert.Equal(0, Available(bucket));
    }

    [Fact]
    public async Task Waiting_acquisition_answers_at_once_like_attempting()
    {
        using TokenBucketLimiter bucket = Bucket("1/minute");

        using RateLimitLease first = await bucket.AcquireAsync(1);
        using RateLimitLease second = await bucket.AcquireAsync(1);

        Assert.True(first.IsAcquired);
        Assert.False(second.IsAcquired);
        Assert.True(second.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
    }

    [Fact]
    public void A_granted_lease_carries_no_retry_after()
    {
        using TokenBucketLimiter bucket = Bucket("1/minute");
        using RateLimitLease lease = bucket.AttemptAcquire(1);

        Assert.True(lease.IsAcquired);
        Assert.Empty(lease.MetadataNames);
        Assert.False(lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan _));
    }

    [Fact]
    public void A_refund_puts_tokens_back_up_to_the_capacity()
    {
        using TokenBucketLimiter bucket = Bucket("2/minute");
        Take(bucket);
        Take(bucket);
        Assert.Equal(0, Available(bucket));

        bucket.Refund(1);
        Assert.Equal(1, Available(bucket));
        Assert.True(Take(bucket));
        Assert.False(Take(bucket));

        bucket.Refund(5);
        Assert.Equal(2, Available(bucket));
        Assert.True(bucket.IsFull);
    }

    [Fact]
    public void Statistics_count_whole_available_tokens()
    {
        using TokenBucketLimiter bucket = Bucket("4/second");
        Take(bucket);
        Take(bucket);
        Take(bucket);
        Assert.Equal(1, Available(bucket));

        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, Available(bucket));

        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(2, Available(bucket));
    }

    [Fact]
    public void A_bucket_is_idle_only_when_full_and_for_as_long_as_it_was_last_used()
    {
        using TokenBucketLimiter bucket = Bucket("2/second");
        Assert.Equal(TimeSpan.Zero, bucket.IdleDuration);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), bucket.IdleDuration);

        Take(bucket);
        Assert.Null(bucket.IdleDuration);
        Assert.False(bucket.IsFull);

        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Null(bucket.IdleDuration);

        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.IdleDuration);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), bucket.IdleDuration);
    }

    [Theory]
    [InlineData("1/second")]
    [InlineData("2/second")]
    [InlineData("3/second")]
    [InlineData("7/minute")]
    [InlineData("10/minute")]
    [InlineData("30/minute")]
    [InlineData("13/hour")]
    [InlineData("100/hour")]
    [InlineData("1000/day")]
    public void Waiting_exactly_the_retry_after_is_enough_and_a_tick_less_is_not(string rate)
    {
        using TokenBucketLimiter bucket = Bucket(rate);
        while (Take(bucket))
        {
        }

        for (int round = 0; round < 5; round++)
        {
            TimeSpan retryAfter = RefusedRetryAfter(bucket);
            Assert.True(retryAfter > TimeSpan.Zero);

            _time.Advance(retryAfter - TimeSpan.FromTicks(1));
            Assert.False(Take(bucket), $"round {round}: granted one tick before the retry-after of {retryAfter}");

            _time.Advance(TimeSpan.FromTicks(1));
            Assert.True(Take(bucket), $"round {round}: refused after waiting the retry-after of {retryAfter}");
        }
    }
}
