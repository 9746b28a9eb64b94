using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// E2B's refusals and failures become specific outcomes; what E2B asks to be retried (429 with Retry-After, 5xx) is
/// retried on the calls that are safe to repeat, never on the process stream; and the API key never leaks.
/// </summary>
public sealed class E2BSandboxMapsE2BFailures
{
    [Fact]
    public async Task A_rejected_api_key_makes_the_backend_unavailable_without_naming_the_key()
    {
        const string wrongKey = "e2b_wrong_key_5f3a9c";
        await using E2BHarness harness = await E2BHarness.StartAsync(static e2b => e2b.ApiKey = wrongKey);

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.Equal(SandboxStatus.Unavailable, outcome.Status);
        Assert.Equal("E2B rejected the API key.", outcome.Detail);
        Assert.Single(harness.Server.RequestsOf("create"));
        Assert.Empty(harness.Server.Created);
        Assert.DoesNotContain(wrongKey, harness.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limited_creation_is_retried_after_the_seconds_E2B_names()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.FailNext("create", 429, retryAfter: "1");

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
        IReadOnlyList<FakeE2BRequest> creates = harness.Server.RequestsOf("create");
        Assert.Equal(2, creates.Count);
        Assert.True(creates[1].At - creates[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {creates[1].At - creates[0].At}");
        Assert.Single(harness.Server.Created);
    }

    [Fact]
    public async Task Server_errors_of_creation_and_upload_are_retried()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.FailNext("create", 503);
        harness.Server.FailNext("upload", 500);

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
        Assert.Equal(2, harness.Server.RequestsOf("create").Count);
        Assert.Equal(2, harness.Server.RequestsOf("upload").Count);
        Assert.Single(harness.Server.RequestsOf("start"));
    }

    [Fact]
    public async Task Persistent_server_errors_make_the_backend_unavailable_after_three_retries()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.FailNext("create", 503, times: 4);

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.Equal(SandboxStatus.Unavailable, outcome.Status);
        Assert.Equal("E2B could not create a sandbox (HTTP 503: injected failure).", outcome.Detail);
        Assert.Equal(4, harness.Server.RequestsOf("create").Count);
    }

    [Fact]
    public async Task The_process_stream_is_never_retried_and_its_sandbox_is_still_killed()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.FailNext("start", 503);

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.Equal(SandboxStatus.Unavailable, outcome.Status);
        Assert.Contains("HTTP 503", outcome.Detail, StringComparison.Ordinal);
        Assert.Single(harness.Server.RequestsOf("start"));
        E2BAssert.Killed(harness.Server, Assert.Single(harness.Server.Created));
    }

    [Fact]
    public async Task An_end_stream_error_fails_the_call_with_its_message_and_the_sandbox_is_killed()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.StreamFault = FakeE2BStreamFault.EndStreamError;
        harness.Server.StreamError = ("internal", "error waiting for the process");

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.Equal(SandboxStatus.Failed, outcome.Status);
        Assert.Equal("envd in the sandbox reported an error running the tool (internal: error waiting for the process).", outcome.Detail);
        E2BAssert.Killed(harness.Server, Assert.Single(harness.Server.Created));
    }

    [Fact]
    public async Task Keepalives_between_the_events_change_nothing()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.InterleaveKeepalives = true;

        SandboxOutcome outcome = await harness.RunAsync("Echo", """{"text":"kept"}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
        Assert.Equal("kept", RunnerProtocol.ToReturnValue(outcome.Result));
    }

    [Fact]
    public async Task A_kill_that_fails_does_not_change_the_outcome()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.FailNext("kill", 400);

        SandboxOutcome outcome = await harness.RunAsync("Add", """{"a":2,"b":3}""");

        Assert.True(outcome.Status == SandboxStatus.Completed, outcome.Detail);
        Assert.Contains("could not be killed", harness.AllLogText(), StringComparison.Ordinal);
    }
}
