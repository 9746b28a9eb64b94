using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// With <c>PoolSize</c>, sandboxes are created before they are needed; each serves exactly one call, is killed after
/// it like any other, and is replaced in the background.
/// </summary>
public sealed class E2BWarmPoolServesEachSandboxOnce
{
    [Fact]
    public async Task Pooled_sandboxes_are_created_ahead_and_each_serves_one_call()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync(static e2b => e2b.PoolSize = 2);

        harness.Sandbox.WarmUp();
        await E2BAssert.EventuallyAsync(() => harness.Sandbox.PooledCount == 2);
        string[] pooled = [.. harness.Server.Created];
        Assert.Equal(2, pooled.Length);
        Assert.All(pooled, id => Assert.Equal([300], harness.Server.Sandbox(id).Lifetimes));

        SandboxOutcome first = await harness.RunAsync("Add", """{"a":1,"b":1}""");
        SandboxOutcome second = await harness.RunAsync("Add", """{"a":2,"b":2}""");

        Assert.True(first.Status == SandboxStatus.Completed, first.Detail);
        Assert.True(second.Status == SandboxStatus.Completed, second.Detail);
        string[] used = [.. harness.Server.RequestsOf("start").Select(static request => request.Headers["E2b-Sandbox-Id"])];
        Assert.Equal(pooled, used);
        Assert.All(pooled, id =>
        {
            E2BAssert.Killed(harness.Server, id);
            Assert.Equal(1, harness.Server.Sandbox(id).ProcessCount);

            // Taken from the pool, its lifetime was cut to the call's deadline plus the margin.
            Assert.Equal([300, 60], harness.Server.Sandbox(id).Lifetimes);
        });

        await E2BAssert.EventuallyAsync(() => harness.Sandbox.PooledCount == 2);
        Assert.Equal(4, harness.Server.Created.Count);
    }

    [Fact]
    public async Task Disposing_the_backend_kills_the_sandboxes_still_waiting()
    {
        E2BHarness harness = await E2BHarness.StartAsync(static e2b => e2b.PoolSize = 1);
        try
        {
            harness.Sandbox.WarmUp();
            await E2BAssert.EventuallyAsync(() => harness.Sandbox.PooledCount == 1);

            await harness.Sandbox.DisposeAsync();

            E2BAssert.Killed(harness.Server, Assert.Single(harness.Server.Created));
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_pooled_sandbox_that_is_gone_is_replaced_by_a_fresh_one()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync(static e2b => e2b.PoolSize = 1);
        harness.Sandbox.WarmUp();
        await E2BAssert.EventuallyAsync(() => harness.Sandbox.PooledCount == 1);
        string pooled = Assert.Single(harness.Server.Created);
        harness.Server.Sandbox(pooled).Kill(expired: true);

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
        string used = Assert.Single(harness.Server.RequestsOf("start")).Headers["E2b-Sandbox-Id"];
        Assert.NotEqual(pooled, used);
        E2BAssert.Killed(harness.Server, used);
    }
}
