using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// The sample's admin (role admin: the Admin policy, which extends BusinessHours) may call every tool; on the
/// fixture's clock (a Wednesday noon UTC) that includes delete_record. Checked with the C# client (2026-07-28) and
/// raw HTTP (2025-11-25, and 2026-07-28 by hand), with the key in X-API-Key and as a bearer token.
/// </summary>
public sealed class AdminToolAccessTests(DefaultSampleFactory sample) : IClassFixture<DefaultSampleFactory>
{
    public static TheoryData<string> Tools => [.. PolicyWire.AllSampleTools];

    [Fact]
    public async Task With_the_csharp_client_the_admin_calls_every_sample_tool()
    {
        await using McpClient client = await sample.CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders(DemoAgents.AdminKey));

        foreach (string tool in PolicyWire.AllSampleTools)
        {
            CallToolResult result = await client.CallToolAsync(tool, PolicyWire.ValidArgumentsObject(tool));

            Assert.True(result.IsError != true, $"{tool}: {System.Text.Json.JsonSerializer.Serialize(result)}");
        }

        Assert.Equal(McpHttp.Revision2026, client.NegotiatedProtocolVersion);
    }

    [Fact]
    public async Task With_the_csharp_client_and_a_bearer_key_the_admin_deletes_a_record()
    {
        await using McpClient client = await sample.CreateMcpClientWithHeadersAsync(
            new Dictionary<string, string> { ["Authorization"] = "Bearer " + DemoAgents.AdminKey });

        CallToolResult result = await client.CallToolAsync("delete_record", new Dictionary<string, object?> { ["record_id"] = 9, ["reason"] = "bearer" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Record 9 deleted. Reason: bearer", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task On_2025_11_25_the_admin_calls_each_tool_and_it_runs(string tool)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClientWithKey(DemoAgents.AdminKey).SendMcpAsync(McpHttp.ToolCall(id, tool, PolicyWire.ValidArguments(tool)));

        Blocks.AssertToolSucceeded(answer);
        Assert.Equal(tool, sample.Calls.Single(id).ToolName);
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task On_2026_07_28_with_a_bearer_key_the_admin_calls_each_tool_and_it_runs(string tool)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClientWithKey(null).SendMcpAsync(
            McpHttp.ToolCall2026(id, tool, PolicyWire.ValidArguments(tool)).WithBearer(DemoAgents.AdminKey));

        Blocks.AssertToolSucceeded(answer);
        Assert.Equal(tool, sample.Calls.Single(id).ToolName);
    }
}
