using AgentAirlock.IntegrationTests.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>
/// Two hosts with the extra tools: one whose global unknown-arguments mode is Reject (with per-tool config overrides),
/// one whose global mode is Strip.
/// </summary>
public sealed class ExtraToolsServers : IAsyncLifetime
{
    internal TestMcpServer Rejecting { get; private set; } = null!;

    internal TestMcpServer Stripping { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Rejecting = await TestMcpServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Airlock:Validation:UnknownArguments"] = "Reject",
                ["Airlock:Validation:PerTool:overridden_echo:UnknownArguments"] = "Reject",
                ["Airlock:Validation:PerTool:strict_echo:UnknownArguments"] = "Strip",
            },
            tools: b => b.WithTools<ExtraTools>().WithTools<SwitchTools>());
        Stripping = await TestMcpServer.StartAsync(
            new Dictionary<string, string?> { ["Airlock:Validation:UnknownArguments"] = "Strip" },
            tools: b => b.WithTools<ExtraTools>().WithTools<SwitchTools>());
    }

    public async Task DisposeAsync()
    {
        await Rejecting.DisposeAsync();
        await Stripping.DisposeAsync();
    }
}
