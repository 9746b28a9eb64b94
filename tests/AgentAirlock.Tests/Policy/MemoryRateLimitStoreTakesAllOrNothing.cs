using AgentAirlock.Policy;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Policy;

public sealed class MemoryRateLimitStoreTakesAllOrNothing
{
    private readonly FakeTimeProvider _time = new(At.June(1, 12));

    private static readonly AgentIdentity Alice = Agents.Named("alice");

    [Fact]
    public void Every_rule_that_matches_the_tool_applies()
    {
        var store = new MemoryRateLimitStore(_time);
        RateRule everything = Policies.Rule("p#0", "5/minute", RateLimitScope.PerAgent);
        RateRule reads = Policies.Rule("p#1", "1/minute", RateLimitScope.PerAgent, "read_*");
        CompiledPolicy policy = Policies.WithRates(everything, reads);

        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);

        RateLimitOutcome second = store.Acquire(policy, Alice, "read_b");
        Assert.False(second.Allowed);
        Assert.Same(reads, second.RefusedBy);
        Assert.Equal(TimeSpan.FromMinutes(1), second.RetryAfter);
    }

    [Fact]
    public void A_refusal_by_a_later_bucket_gives_back_the_earlier_buckets_tokens()
    {
        var store = new MemoryRateLimitStore(_time);
        RateRule everything = Policies.Rule("p#0", "3/minute", RateLimitScope.PerAgent);
        RateRule reads = Policies.Rule("p#1", "1/minute", RateLimitScope.PerAgent, "read_*");
        CompiledPolicy policy = Policies.WithRates(everything, reads);

        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
        for (int i = 0; i < 5; i++)
        {
            Assert.Same(reads, store.Acquire(policy, Alice, "read_b").RefusedBy);
        }

        // The refused reads took nothing from the shared bucket: two of its three tokens are left.
        Assert.True(store.Acquire(policy, Alice, "write_x").Allowed);
        Assert.True(store.Acquire(policy, Alice, "write_y").Allowed);
        RateLimitOutcome fourth = store.Acquire(policy, Alice, "write_z");
        Assert.False(fourth.Allowed);
        Assert.Same(everything, fourth.RefusedBy);
    }

    [Fact]
    public void A_refusal_by_the_first_bucket_takes_nothing_from_the_later_ones()
    {
        var store = new MemoryRateLimitStore(_time);
        RateRule writes = Policies.Rule("p#0", "1/minute", RateLimitScope.PerAgent, "write_*");
        RateRule everything = Policies.Rule("p#1", "3/minute", RateLimitScope.PerAgent);
        CompiledPolicy policy = Policies.WithRates(writes, everything);

        Assert.True(store.Acquire(policy, Alice, "write_a").Allowed);
        Assert.Same(writes, store.Acquire(policy, Alice, "write_b").RefusedBy);
        Assert.Same(writes, store.Acquire(policy, Alice, "write_c").RefusedBy);

        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
        Assert.True(store.Acquire(policy, Alice, "read_b").Allowed);
        Assert.Same(everything, store.Acquire(policy, Alice, "read_c").RefusedBy);
    }

    [Fact]
    public void A_zero_rule_refuses_and_gives_back_what_the_others_took()
    {
        var store = new MemoryRateLimitStore(_time);
        RateRule everything = Policies.Rule("p#0", "1/minute", RateLimitScope.PerAgent);
        RateRule never = Policies.Rule("p#1", "0/hour", RateLimitScope.PerAgent, "drop_*");
        CompiledPolicy policy = Policies.WithRates(everything, never);

        RateLimitOutcome refused = store.Acquire(policy, Alice, "drop_table");

        Assert.False(refused.Allowed);
        Assert.Same(never, refused.RefusedBy);
        Assert.Equal(TimeSpan.FromHours(1), refused.RetryAfter);
        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
    }

    [Fact]
    public void Full_buckets_are_swept_and_buckets_in_use_are_kept()
    {
        var store = new MemoryRateLimitStore(_time);
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "1000000/second", RateLimitScope.PerAgent));
        for (int i = 0; i < 100; i++)
        {
            Assert.True(store.Acquire(policy, Agents.Named("agent-" + i), "t").Allowed);
        }

        Assert.Equal(100, store.BucketCount);
        _time.Advance(TimeSpan.FromSeconds(1));

        // One busy agent keeps calling without the clock moving: its bucket is never full again.
        AgentIdentity busy = Agents.Named("busy");
        int calls = 0;
        while (store.BucketCount > 1 && calls < 20_000)
        {
            Assert.True(store.Acquire(policy, busy, "t").Allowed);
            calls++;
        }

        Assert.Equal(1, store.BucketCount);
        Assert.True(calls < 20_000);
    }

    [Fact]
    public void A_swept_bucket_comes_back_full()
    {
        var store = new MemoryRateLimitStore(_time);
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "2/minute", RateLimitScope.PerAgent, "limited"));
        CompiledPolicy churn = Policies.WithRates(Policies.Rule("c#0", "1000000/second", RateLimitScope.Global));
        Assert.True(store.Acquire(policy, Alice, "limited").Allowed);
        Assert.True(store.Acquire(policy, Alice, "limited").Allowed);
        _time.Advance(TimeSpan.FromMinutes(1));

        // Enough admitted calls elsewhere for at least one sweep.
        for (int i = 0; i < 10_000; i++)
        {
            store.Acquire(churn, Alice, "other");
        }

        Assert.True(store.Acquire(policy, Alice, "limited").Allowed);
        Assert.True(store.Acquire(policy, Alice, "limited").Allowed);
        Assert.False(store.Acquire(policy, Alice, "limited").Allowed);
    }

    private static CompiledPolicy CompileLimited(string limit) => Policies.Compile(o =>
    {
        o.Define("Limited").Limit(limit);
        o.DefaultPolicy = "Limited";
    }).Default;

    [Fact]
    public void A_raised_limit_applies_to_a_bucket_already_in_use()
    {
        // Editing the limit reloads the options: the policy is compiled again under the same name.
        var store = new MemoryRateLimitStore(_time);
        CompiledPolicy old = CompileLimited("1/minute");
        Assert.True(store.Acquire(old, Alice, "t").Allowed);
        Assert.False(store.Acquire(old, Alice, "t").Allowed);

        CompiledPolicy edited = CompileLimited("100/minute");
        _time.Advance(TimeSpan.FromSeconds(1));

        // A second at 100/minute refills more than a token, whatever the bucket kept from before the edit.
        Assert.True(store.Acquire(edited, Alice, "t").Allowed, "the caller is still held to the limit before the edit");
    }

    [Fact]
    public void A_lowered_limit_applies_to_a_bucket_already_in_use()
    {
        var store = new MemoryRateLimitStore(_time);
        CompiledPolicy old = CompileLimited("100/minute");
        Assert.True(store.Acquire(old, Alice, "t").Allowed);

        CompiledPolicy edited = CompileLimited("1/minute");
        int admitted = Enumerable.Range(0, 3).Count(_ => store.Acquire(edited, Alice, "t").Allowed);

        // However the bucket is carried over, 1/minute admits at most one more call within the minute.
        Assert.True(admitted <= 1, $"{admitted} of 3 calls were admitted under 1/minute: the caller still has the budget of the limit before the edit");
    }
}
