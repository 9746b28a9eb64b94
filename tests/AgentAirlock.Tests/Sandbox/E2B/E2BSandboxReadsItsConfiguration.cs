using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// Where the key comes from, and what a missing key or template means. These tests change the process's
/// <c>E2B_API_KEY</c>, so they live in one class (xunit runs a class's tests one at a time); every other E2B test
/// configures its key explicitly and does not read the variable.
/// </summary>
public sealed class E2BSandboxReadsItsConfiguration : IDisposable
{
    private readonly string? _saved = Environment.GetEnvironmentVariable("E2B_API_KEY");

    public void Dispose() => Environment.SetEnvironmentVariable("E2B_API_KEY", _saved);

    [Fact]
    public async Task The_api_key_comes_from_E2B_API_KEY_when_none_is_configured()
    {
        Environment.SetEnvironmentVariable("E2B_API_KEY", FakeE2BServer.ApiKey);
        await using E2BHarness harness = await E2BHarness.StartAsync(static e2b => e2b.ApiKey = "");

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
        Assert.Equal(FakeE2BServer.ApiKey, harness.Server.RequestsOf("create")[0].Headers["X-API-KEY"]);
    }

    [Fact]
    public async Task A_configured_key_wins_over_E2B_API_KEY()
    {
        Environment.SetEnvironmentVariable("E2B_API_KEY", "e2b_from_environment");
        await using E2BHarness harness = await E2BHarness.StartAsync();

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
    }

    [Fact]
    public async Task Without_a_key_the_backend_is_unavailable_and_nothing_is_sent()
    {
        Environment.SetEnvironmentVariable("E2B_API_KEY", null);
        await using E2BHarness harness = await E2BHarness.StartAsync(static e2b => e2b.ApiKey = "");

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.Equal(SandboxStatus.Unavailable, outcome.Status);
        Assert.Equal("E2B is not configured: there is no API key (set Airlock:Sandbox:E2B:ApiKey or the E2B_API_KEY environment variable).", outcome.Detail);
        Assert.Empty(harness.Server.Requests);
    }

    [Fact]
    public async Task Without_a_template_the_backend_is_unavailable_and_nothing_is_sent()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync(static e2b => e2b.Template = " ");

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.Equal(SandboxStatus.Unavailable, outcome.Status);
        Assert.Contains("there is no template", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(harness.Server.Requests);
    }
}
