using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sandbox;

[Collection(SandboxTestGroup.Name)]
public sealed class SandboxProgressAndAvailabilityTests(SandboxServers servers)
{
    [Fact]
    public async Task Progress_notifications_flow_while_the_sandbox_runs()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();
        var seen = new ConcurrentQueue<ProgressNotificationValue>();

        CallToolResult result = await client.CallToolAsync(
            "sandbox_sleep", new Dictionary<string, object?> { ["milliseconds"] = 1500 }, progress: new Recorder(seen));

        Assert.Equal("slept 1500", SandboxAnswers.Text(result));
        Assert.True(seen.Count >= 3, $"{seen.Count} progress notification(s)");
        Assert.All(seen, value =>
        {
            Assert.Equal("running in the bubblewrap sandbox", value.Message);
            Assert.Equal(20, value.Total);
        });
        Assert.True(seen.Last().Progress > seen.First().Progress);
    }

    [Fact]
    public async Task Without_bubblewrap_sandboxed_tools_are_refused_and_everything_else_is_served()
    {
        await using McpClient client = await servers.WithoutBubblewrap.CreateMcpClientAsync();

        CallToolResult refused = await client.CallToolAsync("sandbox_whoami");
        CallToolResult served = await client.CallToolAsync("lenient_echo", new Dictionary<string, object?> { ["text"] = "served" });

        string error = SandboxAnswers.Error(SandboxAnswers.AssertSandboxError(refused, "sandbox_whoami", "unavailable"));
        Assert.Contains("bubblewrap is not available", error, StringComparison.Ordinal);
        Assert.Equal("served", SandboxAnswers.Text(served));
    }

    private sealed class Recorder(ConcurrentQueue<ProgressNotificationValue> seen) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => seen.Enqueue(value);
    }
}
