using System.Net;
using System.Net.Sockets;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sandbox;

[Collection(SandboxTestGroup.Name)]
public sealed class SandboxedToolsCannotTouchTheHostTests(SandboxServers servers)
{
    public static TheoryData<string> HostFiles => new()
    {
        "/etc/shadow",
        "/etc/passwd",
        Path.Combine(RepositoryRoot.Path, "appsettings.json"),
        Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
        "/root/.bash_history",
    };

    [Theory]
    [MemberData(nameof(HostFiles))]
    public async Task It_cannot_read_the_hosts_files_or_the_servers_configuration(string path)
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_read", new Dictionary<string, object?> { ["path"] = path });

        string error = SandboxAnswers.Error(SandboxAnswers.AssertSandboxError(result, "sandbox_read", "tool_error"));
        Assert.Matches("(FileNotFound|DirectoryNotFound|UnauthorizedAccess)Exception", error);
    }

    [Fact]
    public async Task Next_to_the_tool_it_sees_assemblies_and_their_manifests_only()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "secrets.local.json"), """{"password":"next-to-the-tool"}""");

        CallToolResult result = await client.CallToolAsync("sandbox_list", new Dictionary<string, object?> { ["path"] = "/tool" });

        string listing = SandboxAnswers.Text(result);
        Assert.Contains("AgentAirlock.IntegrationTests.dll", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("appsettings", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets.local.json", listing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tool/planted.dll")]
    [InlineData("/usr/planted")]
    [InlineData("/etc/planted")]
    [InlineData("/planted")]
    public async Task It_cannot_write_outside_its_private_tmp(string path)
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_write", new Dictionary<string, object?> { ["path"] = path, ["text"] = "planted" });

        string error = SandboxAnswers.Error(SandboxAnswers.AssertSandboxError(result, "sandbox_write", "tool_error"));
        Assert.Matches("(IOException|UnauthorizedAccessException|DirectoryNotFoundException)", error);
        Assert.False(File.Exists(path), "the file reached the host");
    }

    [Fact]
    public async Task It_cannot_reach_a_service_on_the_hosts_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_connect", new Dictionary<string, object?> { ["port"] = port });

        string error = SandboxAnswers.Error(SandboxAnswers.AssertSandboxError(result, "sandbox_connect", "tool_error"));
        Assert.Contains("SocketException", error, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "a connection reached the host's listener");
    }

    [Fact]
    public async Task It_sees_only_the_environment_the_operator_passes()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("sandbox_environment");

        string environment = SandboxAnswers.Text(result);
        Assert.Contains(SandboxServers.OperatorVariable + "=passed-on-purpose", environment, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxServers.ServerSecretVariable, environment, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", environment, StringComparison.Ordinal);
        Assert.DoesNotContain("\"PATH=", environment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_process_of_the_sandbox_holds_the_servers_environment()
    {
        await using McpClient client = await servers.Default.CreateMcpClientAsync();

        // Process 1 of the sandbox's pid namespace is bubblewrap's own init: it must not carry the server's variables either.
        CallToolResult result = await client.CallToolAsync("sandbox_read", new Dictionary<string, object?> { ["path"] = "/proc/1/environ" });

        string text = result.Content.OfType<TextContentBlock>().First().Text;
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxServers.ServerSecretVariable, text, StringComparison.Ordinal);
    }
}
