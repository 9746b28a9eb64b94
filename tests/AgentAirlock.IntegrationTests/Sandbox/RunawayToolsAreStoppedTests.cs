using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sandbox;

[Collection(SandboxTestGroup.Name)]
public sealed class RunawayToolsAreStoppedTests(SandboxServers servers)
{
    [Fact]
    public async Task An_endless_loop_is_killed_at_its_deadline_and_the_server_keeps_serving()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();
        var clock = Stopwatch.StartNew();

        CallToolResult result = await client.CallToolAsync("sandbox_spin");

        clock.Stop();
        string error = SandboxAnswers.Error(SandboxAnswers.AssertSandboxError(result, "sandbox_spin", "timed_out"));
        Assert.Contains("2 s", error, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.9, 10);
        await AssertServerServesAsync(client);
        await AssertNoRunnerLeftAsync();
    }

    [Fact]
    public async Task A_memory_hog_gets_an_out_of_memory_answer()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_allocate", new Dictionary<string, object?> { ["megabytes"] = 1024 });

        string error = SandboxAnswers.Error(SandboxAnswers.AssertSandboxError(result, "sandbox_allocate", "out_of_memory"));
        Assert.Contains("64 MiB", error, StringComparison.Ordinal);
        await AssertServerServesAsync(client);
    }

    [Fact]
    public async Task A_tool_within_its_memory_runs()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_allocate", new Dictionary<string, object?> { ["megabytes"] = 8 });

        Assert.Equal("8", SandboxAnswers.Text(result));
    }

    [Fact]
    public async Task A_fork_bomb_is_contained_and_leaves_nothing_behind()
    {
        int before = CountProcesses();
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_fork_bomb");

        Assert.True(result.IsError);
        string status = SandboxAnswers.AssertSandboxError(result, "sandbox_fork_bomb", "timed_out").GetProperty("metadata").GetProperty("sandbox_status").GetString()!;
        Assert.Equal("timed_out", status);
        await AssertServerServesAsync(client);
        await AssertNoRunnerLeftAsync();
        Assert.InRange(CountProcesses(), 0, before + 5);
    }

    [Fact]
    public async Task A_tool_that_throws_is_answered_with_its_exception()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_throw", new Dictionary<string, object?> { ["message"] = "disk on fire" });

        string error = SandboxAnswers.Error(SandboxAnswers.AssertSandboxError(result, "sandbox_throw", "tool_error"));
        Assert.Contains("System.InvalidOperationException: disk on fire", error, StringComparison.Ordinal);
    }

    private static async Task AssertServerServesAsync(McpClient client)
    {
        CallToolResult echo = await client.CallToolAsync("lenient_echo", new Dictionary<string, object?> { ["text"] = "still here" });
        Assert.Equal("still here", SandboxAnswers.Text(echo));
    }

    /// <summary>Every sandbox process is gone shortly after its call was answered.</summary>
    private static async Task AssertNoRunnerLeftAsync()
    {
        for (int attempt = 0; attempt < 50 && RunnerProcesses() > 0; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, RunnerProcesses());
    }

    private static int RunnerProcesses() => Processes().Count(cmdline => cmdline.Contains("AgentAirlock.SandboxRunner", StringComparison.Ordinal));

    private static int CountProcesses() => Processes().Count();

    private static IEnumerable<string> Processes()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            yield return cmdline;
        }
    }
}
