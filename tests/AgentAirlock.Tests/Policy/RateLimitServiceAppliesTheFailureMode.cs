using AgentAirlock.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Policy;

/// <summary>
/// What the policy layer does when the shared store cannot be reached. Nothing listens on port 1 of the loopback
/// interface: every attempt fails (refused, or not answered within the short timeout), as with Redis down.
/// </summary>
public sealed class RateLimitServiceAppliesTheFailureMode
{
    private static readonly AgentIdentity Agent = Agents.Named("a");

    private static PolicyOptions Options(RateLimitStoreKind store, PolicyFailureMode mode)
    {
        var options = new PolicyOptions { RateLimitStore = store, FailureMode = mode };
        options.Redis.Configuration = "127.0.0.1:1";
        options.Redis.TimeoutMilliseconds = 100;
        options.Define("Limited").Limit("2/minute");
        options.DefaultPolicy = "Limited";
        return options;
    }

    private static CompiledPolicy Compile(PolicyOptions options)
    {
        var errors = new List<string>();
        PolicySet? set = PolicySet.Compile(options, errors);
        Assert.True(set is not null, string.Join(" ", errors));
        return set.Default;
    }

    [Fact]
    public async Task An_unreachable_store_refuses_the_call_when_failing_closed()
    {
        await using var service = new RateLimitService(new FakeTimeProvider(At.June(1, 12)), NullLogger<RateLimitService>.Instance);
        PolicyOptions options = Options(RateLimitStoreKind.Redis, PolicyFailureMode.Closed);

        RateLimitOutcome outcome = await service.AcquireAsync(options, Compile(options), Agent, "t", CancellationToken.None);

        Assert.True(outcome.Unavailable);
        Assert.False(outcome.Allowed);
        Assert.False(outcome.Degraded);
    }

    [Fact]
    public async Task An_unreachable_store_falls_back_to_memory_buckets_when_failing_open()
    {
        await using var service = new RateLimitService(new FakeTimeProvider(At.June(1, 12)), NullLogger<RateLimitService>.Instance);
        PolicyOptions options = Options(RateLimitStoreKind.Redis, PolicyFailureMode.Open);
        CompiledPolicy policy = Compile(options);

        RateLimitOutcome first = await service.AcquireAsync(options, policy, Agent, "t", CancellationToken.None);
        RateLimitOutcome second = await service.AcquireAsync(options, policy, Agent, "t", CancellationToken.None);
        RateLimitOutcome third = await service.AcquireAsync(options, policy, Agent, "t", CancellationToken.None);

        Assert.True(first.Allowed && first.Degraded && !first.Unavailable);
        Assert.True(second.Allowed && second.Degraded);
        Assert.False(third.Allowed);
        Assert.True(third.Degraded);
        Assert.False(third.Unavailable);
        Assert.NotNull(third.RefusedBy);
    }

    [Fact]
    public async Task A_policy_without_limits_never_asks_the_store()
    {
        await using var service = new RateLimitService(new FakeTimeProvider(At.June(1, 12)), NullLogger<RateLimitService>.Instance);
        PolicyOptions options = Options(RateLimitStoreKind.Redis, PolicyFailureMode.Closed);
        CompiledPolicy permissive = Policies.Compile(_ => { }).Default;

        RateLimitOutcome outcome = await service.AcquireAsync(options, permissive, Agent, "t", CancellationToken.None);

        Assert.Equal(RateLimitOutcome.Admitted, outcome);
    }

    [Fact]
    public async Task The_memory_store_needs_no_connection()
    {
        await using var service = new RateLimitService(new FakeTimeProvider(At.June(1, 12)), NullLogger<RateLimitService>.Instance);
        PolicyOptions options = Options(RateLimitStoreKind.Memory, PolicyFailureMode.Closed);
        CompiledPolicy policy = Compile(options);

        Assert.True((await service.AcquireAsync(options, policy, Agent, "t", CancellationToken.None)).Allowed);
        Assert.True((await service.AcquireAsync(options, policy, Agent, "t", CancellationToken.None)).Allowed);
        RateLimitOutcome third = await service.AcquireAsync(options, policy, Agent, "t", CancellationToken.None);
        Assert.False(third.Allowed);
        Assert.False(third.Degraded);
    }
}
