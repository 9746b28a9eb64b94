using AgentAirlock.IntegrationTests.Infrastructure;
using AgentAirlock.IntegrationTests.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.IntegrationTests.Sandbox;

/// <summary>
/// Hosts with the sandbox probe tools behind the full Airlock pipeline and the real bubblewrap backend: one as
/// configured by default (plus a glob naming a tool without the attribute, an operator-passed variable and a short
/// progress interval), one whose bwrap does not exist.
/// </summary>
public sealed class SandboxServers : IAsyncLifetime
{
    public const string OperatorVariable = "AIRLOCK_OPERATOR_SETTING";

    /// <summary>A variable of the server's environment that no sandboxed tool may see.</summary>
    public const string ServerSecretVariable = "AIRLOCK_TEST_SERVER_SECRET";

    internal TestMcpServer Default { get; private set; } = null!;

    internal TestMcpServer WithoutBubblewrap { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(ServerSecretVariable, "hunter2-server-only");
        Default = await TestMcpServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Airlock:Sandbox:Tools:0"] = "glob_*",
                ["Airlock:Sandbox:ProgressIntervalMs"] = "200",
                ["Airlock:Sandbox:Bubblewrap:Environment:" + OperatorVariable] = "passed-on-purpose",
            },
            tools: b => b.WithTools<ExtraTools>().WithTools<SandboxProbeTools>());
        WithoutBubblewrap = await TestMcpServer.StartAsync(
            new Dictionary<string, string?> { ["Airlock:Sandbox:Bubblewrap:BwrapPath"] = "/nonexistent/bwrap" },
            tools: b => b.WithTools<ExtraTools>().WithTools<SandboxProbeTools>());
    }

    public async Task DisposeAsync()
    {
        await Default.DisposeAsync();
        await WithoutBubblewrap.DisposeAsync();
    }
}

/// <summary>The sandbox tests share their hosts and run one at a time: some of them count the machine's processes.</summary>
[CollectionDefinition(Name)]
public sealed class SandboxTestGroup : ICollectionFixture<SandboxServers>
{
    public const string Name = "Sandbox";
}
