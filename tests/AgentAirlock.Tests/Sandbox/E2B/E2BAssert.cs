namespace AgentAirlock.Tests.Sandbox.E2B;

internal static class E2BAssert
{
    /// <summary>Asserts that Airlock sent the kill of <paramref name="sandboxId"/> and the fake killed it.</summary>
    public static void Killed(FakeE2BServer server, string sandboxId)
    {
        Assert.Contains(server.RequestsOf("kill"), request => request.Path == "/sandboxes/" + sandboxId);
        Assert.True(server.Sandbox(sandboxId).Killed);
        Assert.False(server.Sandbox(sandboxId).Expired);
    }

    /// <summary>Waits (up to 20 s) until <paramref name="condition"/> holds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The condition did not come true within 20 s.");
            await Task.Delay(20);
        }
    }
}
