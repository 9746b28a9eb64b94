using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapSandboxCutsTheNetwork
{
    [Fact]
    public async Task A_listener_on_the_host_loopback_is_unreachable()
    {
        await using var harness = BubblewrapHarness.Create();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools),
            nameof(HostileTools.Connect),
            string.Create(CultureInfo.InvariantCulture, $$"""{"host":"127.0.0.1","port":{{port}}}"""));

        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.StartsWith("System.Net.Sockets.SocketException", outcome.Detail, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "no connection may have reached the host's listener");
    }

    [Fact]
    public async Task The_outside_world_is_unreachable()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.Connect), """{"host":"1.1.1.1","port":80}""");

        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.Contains("Network is unreachable", outcome.Detail, StringComparison.Ordinal);
    }
}
