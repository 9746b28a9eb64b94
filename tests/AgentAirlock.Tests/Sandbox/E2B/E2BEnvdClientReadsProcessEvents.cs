using System.Text;
using AgentAirlock.Sandbox;
using AgentAirlock.Sandbox.E2B;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// The envd client against the fake's process stream, with plain shell commands (the fake really runs them): how
/// events, exit codes, output chunks and stream errors are read.
/// </summary>
public sealed class E2BEnvdClientReadsProcessEvents
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static E2BProcessSpec Shell(string script, string cwd = "/home/user") =>
        new("/bin/sh", ["-c", script], new Dictionary<string, string>(), cwd);

    private static async Task<E2BProcessResult> RunAsync(E2BHarness harness, string script)
    {
        E2BSandboxHandle sandbox = await harness.ControlPlane.CreateAsync(harness.Settings, 60, "test", CancellationToken.None);
        return await harness.Envd.RunAsync(sandbox, Shell(script), Deadline, CancellationToken.None);
    }

    [Fact]
    public async Task An_end_event_without_an_exit_code_means_zero()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();

        E2BProcessResult result = await RunAsync(harness, "printf '{\"ok\":true}'");

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Exited);
        Assert.Equal("{\"ok\":true}", Encoding.UTF8.GetString(result.Stdout));
    }

    [Fact]
    public async Task A_non_zero_exit_reports_its_code_and_only_the_size_of_stderr()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();

        E2BProcessResult result = await RunAsync(harness, "echo boom >&2; exit 3");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exit status 3", result.Status);
        Assert.Empty(result.Stdout);
        Assert.Equal(5, result.StderrBytes);
    }

    [Fact]
    public async Task A_character_split_across_two_data_events_is_kept_whole()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();

        E2BProcessResult result = await RunAsync(harness, "printf '\\303'; sleep 0.3; printf '\\251'");

        Assert.Equal("é", Encoding.UTF8.GetString(result.Stdout));
        Assert.Equal(2, harness.Server.DataEvents);
    }

    [Fact]
    public async Task Keepalives_between_events_are_ignored()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.InterleaveKeepalives = true;

        E2BProcessResult result = await RunAsync(harness, "printf a; sleep 0.2; printf b");

        Assert.Equal("ab", Encoding.UTF8.GetString(result.Stdout));
    }

    [Fact]
    public async Task A_signal_is_reported_as_not_exited()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();

        E2BProcessResult result = await RunAsync(harness, "kill -9 $$");

        Assert.False(result.Exited);
        Assert.Equal(-1, result.ExitCode);
        Assert.Equal("signal: killed", result.Status);
    }

    [Fact]
    public async Task An_end_stream_error_is_raised_with_its_code_and_message()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.StreamFault = FakeE2BStreamFault.EndStreamError;
        harness.Server.StreamError = ("internal", "wait failed");

        E2BCallException exception = await Assert.ThrowsAsync<E2BCallException>(() => RunAsync(harness, "true"));

        Assert.Equal(SandboxStatus.Failed, exception.Status);
        Assert.Contains("internal: wait failed", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_working_directory_is_the_invalid_argument_envd_reports()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        E2BSandboxHandle sandbox = await harness.ControlPlane.CreateAsync(harness.Settings, 60, "test", CancellationToken.None);

        E2BCallException exception = await Assert.ThrowsAsync<E2BCallException>(
            () => harness.Envd.RunAsync(sandbox, Shell("true", "/home/user/missing"), Deadline, CancellationToken.None));

        Assert.Contains("invalid_argument: cwd '/home/user/missing' does not exist", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_without_its_end_stream_frame_is_a_protocol_error()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        harness.Server.StreamFault = FakeE2BStreamFault.MissingEndStream;

        E2BCallException exception = await Assert.ThrowsAsync<E2BCallException>(() => RunAsync(harness, "true"));

        Assert.Contains("without its end-of-stream message", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_to_a_killed_sandbox_meets_the_proxy_answer()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        E2BSandboxHandle sandbox = await harness.ControlPlane.CreateAsync(harness.Settings, 60, "test", CancellationToken.None);
        Assert.True(await harness.ControlPlane.KillAsync(sandbox, CancellationToken.None));

        E2BCallException exception = await Assert.ThrowsAsync<E2BCallException>(
            () => harness.Envd.RunAsync(sandbox, Shell("true"), Deadline, CancellationToken.None));

        Assert.Contains("HTTP 502: The sandbox was not found", exception.Message, StringComparison.Ordinal);
        Assert.False(await harness.ControlPlane.KillAsync(sandbox, CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_access_token_meets_envds_plain_json_refusal()
    {
        await using E2BHarness harness = await E2BHarness.StartAsync();
        E2BSandboxHandle created = await harness.ControlPlane.CreateAsync(harness.Settings, 60, "test", CancellationToken.None);
        var forged = new E2BSandboxHandle(created.Settings, created.SandboxId, "tok_wrong", created.EnvdVersion, created.Domain, created.CreatedAt);

        E2BCallException exception = await Assert.ThrowsAsync<E2BCallException>(
            () => harness.Envd.RunAsync(forged, Shell("true"), Deadline, CancellationToken.None));

        Assert.Contains("HTTP 401: unauthorized access", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok_wrong", exception.Message, StringComparison.Ordinal);
    }
}
