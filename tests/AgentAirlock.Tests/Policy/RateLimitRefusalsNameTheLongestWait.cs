using AgentAirlock.Policy;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Policy;

/// <summary>
/// When several buckets of a call are empty, the refusal names the one that keeps the caller waiting longest, and a
/// call retried after exactly the advised wait is admitted.
/// </summary>
public sealed class RateLimitRefusalsNameTheLongestWait
{
    private static readonly AgentIdentity Alice = Agents.Named("alice");

    private readonly FakeTimeProvider _time = new(At.June(1, 12));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Of_two_empty_buckets_the_slower_one_is_named_whatever_the_order(bool secondFirst)
    {
        var store = new MemoryRateLimitStore(_time);
        RateRule perSecond = Policies.Rule("p#0", "1/second", RateLimitScope.Global);
        RateRule perHour = Policies.Rule("p#1", "1/hour", RateLimitScope.Global);
        CompiledPolicy policy = secondFirst ? Policies.WithRates(perSecond, perHour) : Policies.WithRates(perHour, perSecond);

        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
        RateLimitOutcome refused = store.Acquire(policy, Alice, "t");

        Assert.False(refused.Allowed);
        Assert.Same(perHour, refused.RefusedBy);
        Assert.Equal(TimeSpan.FromHours(1), refused.RetryAfter);
    }

    [Fact]
    public void Retrying_after_the_advised_wait_is_admitted_even_when_the_first_bucket_refills_sooner()
    {
        var store = new MemoryRateLimitStore(_time);
        CompiledPolicy policy = Policies.WithRates(
            Policies.Rule("p#0", "1/second", RateLimitScope.Global),
            Policies.Rule("p#1", "2/minute", RateLimitScope.Global));

        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
        RateLimitOutcome refused = store.Acquire(policy, Alice, "t");
        _time.Advance(refused.RetryAfter);

        Assert.Equal(TimeSpan.FromSeconds(29), refused.RetryAfter);
        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
    }

    [Theory]
    [InlineData("108/day")]
    [InlineData("7/second")]
    [InlineData("100003/day")]
    public void A_retry_after_exactly_the_advised_wait_is_admitted_for_rates_that_do_not_divide_evenly(string limit)
    {
        var store = new MemoryRateLimitStore(_time);
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", limit, RateLimitScope.Global));
        RateLimitOutcome refused;
        while ((refused = store.Acquire(policy, Alice, "t")).Allowed)
        {
        }

        _time.Advance(refused.RetryAfter);

        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
    }
}
