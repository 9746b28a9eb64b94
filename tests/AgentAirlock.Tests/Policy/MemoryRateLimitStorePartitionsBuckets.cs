using AgentAirlock.Policy;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Policy;

public sealed class MemoryRateLimitStorePartitionsBuckets
{
    private readonly FakeTimeProvider _time = new(At.June(1, 12));

    private static readonly AgentIdentity Alice = Agents.Named("alice");
    private static readonly AgentIdentity Bob = Agents.Named("bob");
    private static readonly AgentIdentity Carol = Agents.Named("carol");

    private MemoryRateLimitStore Store() => new(_time);

    [Fact]
    public void Per_agent_one_bucket_serves_every_tool_the_rule_matches()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "2/minute", RateLimitScope.PerAgent, "read_*"));

        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
        Assert.True(store.Acquire(policy, Alice, "read_b").Allowed);
        Assert.False(store.Acquire(policy, Alice, "read_c").Allowed);

        Assert.True(store.Acquire(policy, Bob, "read_c").Allowed);
        Assert.True(store.Acquire(policy, Alice, "write_x").Allowed);
        Assert.True(store.Acquire(policy, Alice, "write_x").Allowed);
        Assert.True(store.Acquire(policy, Alice, "write_x").Allowed);
    }

    [Fact]
    public void Per_agent_and_tool_each_tool_has_its_own_bucket()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "2/minute", RateLimitScope.PerAgentAndTool, "read_*"));

        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
        Assert.False(store.Acquire(policy, Alice, "read_a").Allowed);

        Assert.True(store.Acquire(policy, Alice, "read_b").Allowed);
        Assert.True(store.Acquire(policy, Bob, "read_a").Allowed);
    }

    [Fact]
    public void Per_tool_every_agent_shares_the_tools_bucket()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "2/minute", RateLimitScope.PerTool, "read_*"));

        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
        Assert.True(store.Acquire(policy, Bob, "read_a").Allowed);
        Assert.False(store.Acquire(policy, Carol, "read_a").Allowed);

        Assert.True(store.Acquire(policy, Carol, "read_b").Allowed);
    }

    [Fact]
    public void Global_everything_the_rule_matches_shares_one_bucket()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "2/minute", RateLimitScope.Global, "read_*"));

        Assert.True(store.Acquire(policy, Alice, "read_a").Allowed);
        Assert.True(store.Acquire(policy, Bob, "read_b").Allowed);
        Assert.False(store.Acquire(policy, Carol, "read_c").Allowed);
        Assert.False(store.Acquire(policy, Alice, "read_a").Allowed);

        Assert.True(store.Acquire(policy, Carol, "write_x").Allowed);
    }

    [Fact]
    public void A_rule_without_tools_governs_every_tool()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "2/minute", RateLimitScope.PerAgent));

        Assert.True(store.Acquire(policy, Alice, "anything").Allowed);
        Assert.True(store.Acquire(policy, Alice, "something_else").Allowed);
        Assert.False(store.Acquire(policy, Alice, "a_third").Allowed);
    }

    [Fact]
    public void Different_rules_never_share_a_bucket()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy first = Policies.WithRates(Policies.Rule("first#0", "1/minute", RateLimitScope.Global));
        CompiledPolicy second = Policies.WithRates(Policies.Rule("second#0", "1/minute", RateLimitScope.Global));

        Assert.True(store.Acquire(first, Alice, "t").Allowed);
        Assert.True(store.Acquire(second, Alice, "t").Allowed);
        Assert.False(store.Acquire(first, Alice, "t").Allowed);
    }

    [Fact]
    public void A_refusal_names_the_rule_and_the_time_until_its_next_token()
    {
        MemoryRateLimitStore store = Store();
        RateRule rule = Policies.Rule("p#0", "2/second", RateLimitScope.PerAgent);
        CompiledPolicy policy = Policies.WithRates(rule);
        store.Acquire(policy, Alice, "t");
        store.Acquire(policy, Alice, "t");

        RateLimitOutcome outcome = store.Acquire(policy, Alice, "t");

        Assert.False(outcome.Allowed);
        Assert.Same(rule, outcome.RefusedBy);
        Assert.Equal(TimeSpan.FromMilliseconds(500), outcome.RetryAfter);
        Assert.False(outcome.Unavailable);
        Assert.False(outcome.Degraded);
    }

    [Fact]
    public void Buckets_refill_with_the_clock()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "1/minute", RateLimitScope.PerAgent));
        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
        Assert.False(store.Acquire(policy, Alice, "t").Allowed);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
    }

    [Fact]
    public void Anonymous_callers_are_partitioned_by_their_address()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "1/minute", RateLimitScope.PerAgent));

        Assert.True(store.Acquire(policy, Agents.Anonymous("192.0.2.1"), "t").Allowed);
        Assert.False(store.Acquire(policy, Agents.Anonymous("192.0.2.1"), "t").Allowed);
        Assert.True(store.Acquire(policy, Agents.Anonymous("192.0.2.2"), "t").Allowed);
        Assert.True(store.Acquire(policy, Agents.Anonymous("2001:db8::1"), "t").Allowed);
        Assert.True(store.Acquire(policy, Alice, "t").Allowed);
    }

    [Fact]
    public async Task The_asynchronous_form_decides_the_same()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "1/minute", RateLimitScope.PerAgent));

        Assert.True((await store.AcquireAsync(policy, Alice, "t", CancellationToken.None)).Allowed);
        Assert.False((await store.AcquireAsync(policy, Alice, "t", CancellationToken.None)).Allowed);
    }

    [Fact]
    public void A_policy_without_rates_admits_everything_and_keeps_no_buckets()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates();

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(RateLimitOutcome.Admitted, store.Acquire(policy, Alice, "t"));
        }

        Assert.Equal(0, store.BucketCount);
    }

    [Fact]
    public void Concurrent_calls_admit_exactly_the_budget()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(Policies.Rule("p#0", "100/hour", RateLimitScope.Global));
        int admitted = 0;

        Parallel.For(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (store.Acquire(policy, Agents.Named("agent-" + (i % 13)), "t").Allowed)
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(100, admitted);
    }

    [Fact]
    public void Concurrent_calls_under_two_rules_never_exceed_either()
    {
        MemoryRateLimitStore store = Store();
        CompiledPolicy policy = Policies.WithRates(
            Policies.Rule("p#0", "50/hour", RateLimitScope.Global),
            Policies.Rule("p#1", "30/hour", RateLimitScope.Global, "read_*"));
        int reads = 0, total = 0;

        Parallel.For(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string tool = i % 2 == 0 ? "read_x" : "write_x";
            if (store.Acquire(policy, Alice, tool).Allowed)
            {
                Interlocked.Increment(ref total);
                if (tool == "read_x")
                {
                    Interlocked.Increment(ref reads);
                }
            }
        });

        Assert.InRange(reads, 0, 30);
        Assert.InRange(total, 1, 50);
    }
}
