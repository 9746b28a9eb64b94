using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sandbox;

[Collection(SandboxTestGroup.Name)]
public sealed class SandboxedToolsRunOutsideTheServerProcessTests(SandboxServers servers)
{
    [Fact]
    public async Task A_marked_tool_runs_in_another_process_as_nobody()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        string[] answer = SandboxAnswers.Text(await client.CallToolAsync("sandbox_whoami")).Split(' ', 2);

        // In its own pid namespace the runner is one of the first processes; the server is not among them.
        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), answer[0]);
        Assert.True(int.Parse(answer[0], System.Globalization.CultureInfo.InvariantCulture) < 10, "pid " + answer[0]);
        Assert.Matches(@"^Uid:\s+65534\s", answer[1]);
    }

    [Fact]
    public async Task Each_call_gets_a_fresh_process()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        string first = SandboxAnswers.Text(await client.CallToolAsync("sandbox_write", new Dictionary<string, object?> { ["path"] = "/tmp/left-behind", ["text"] = "x" }));
        bool seenLater = (await client.CallToolAsync("sandbox_exists", new Dictionary<string, object?> { ["path"] = "/tmp/left-behind" }))
            .Content.OfType<TextContentBlock>().Single().Text == "true";

        Assert.Equal("x", first);
        Assert.False(seenLater);
    }

    [Fact]
    public async Task A_tool_named_by_a_configured_glob_runs_in_the_sandbox_too()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        string pid = SandboxAnswers.Text(await client.CallToolAsync("glob_whoami"));

        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), pid);
    }

    [Fact]
    public async Task A_structured_result_is_the_same_as_the_tool_gives_in_process()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();
        var arguments = new Dictionary<string, object?> { ["name"] = "rope", ["value"] = 12.75 };

        CallToolResult sandboxed = await client.CallToolAsync("sandbox_measure", arguments);
        CallToolResult inProcess = await client.CallToolAsync("measure_in_process", arguments);

        Assert.NotEqual(true, sandboxed.IsError);
        Assert.Equal(JsonSerializer.Serialize(inProcess.Content), JsonSerializer.Serialize(sandboxed.Content));
        Assert.Equal(inProcess.StructuredContent!.Value.GetRawText(), sandboxed.StructuredContent!.Value.GetRawText());
        Assert.Equal(12.75, sandboxed.StructuredContent!.Value.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Validation_runs_before_the_sandbox()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_measure", new Dictionary<string, object?> { ["name"] = "rope", ["value"] = "12" });

        Assert.True(result.IsError);
        Assert.Contains("AIRLOCK_BLOCK", result.Content.OfType<TextContentBlock>().First().Text, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.Default.Logs.GetSnapshot(), r => r.Id.Name == "AirlockSandboxed" && r.Message.Contains("sandbox_measure", StringComparison.Ordinal)
            && r.Message.Contains("blocked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_decision_names_the_backend_and_status_and_no_argument_value()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        await client.CallToolAsync("sandbox_read", new Dictionary<string, object?> { ["path"] = "/proc/self/cmdline-secret-name" });

        Microsoft.Extensions.Logging.Testing.FakeLogRecord record = Assert.Single(
            servers.Default.Logs.GetSnapshot(),
            r => r.Id.Name == "AirlockSandboxed" && r.Message.Contains("sandbox_read", StringComparison.Ordinal));
        Assert.Contains("bubblewrap tool_error", record.Message, StringComparison.Ordinal);
        Assert.Contains("[path]", record.Message.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("cmdline-secret-name", record.Message, StringComparison.Ordinal);
    }
}
