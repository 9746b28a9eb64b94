using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// The policy judges the tool the SDK would call: a tool name or method written with JSON escapes, or params keys in
/// another case (which the SDK reads case-insensitively), do not let the reader reach a tool its policy refuses, and
/// a 2026-07-28 Mcp-Name header that names an allowed tool does not launder a refused one.
/// </summary>
public sealed class PolicyParserDifferentialTests(DefaultSampleFactory sample) : IClassFixture<DefaultSampleFactory>
{
    public static TheoryData<string, string> DisguisedCalls => new()
    {
        { "add", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"name":"\u0061dd","arguments":{"a":1,"b":2}}}""" },
        { "add", """{"jsonrpc":"2.0","id":"ID","method":"tools\/call","params":{"name":"add","arguments":{"a":1,"b":2}}}""" },
        { "add", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"NAME":"add","arguments":{"a":1,"b":2}}}""" },
        { "delete_record", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"Name":"delete_record","Arguments":{"record_id":1,"reason":"x"}}}""" },
        { "delete_record", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"n\u0061me":"delete\u005frecord","arguments":{"record_id":1,"reason":"x"}}}""" },
    };

    [Theory]
    [MemberData(nameof(DisguisedCalls))]
    public async Task A_disguised_call_to_a_refused_tool_is_refused_by_the_policy(string tool, string template)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(McpHttp.Post(template.Replace("\"ID\"", "\"" + id + "\"", StringComparison.Ordinal)));

        Blocks.AssertBlocked(answer, tool, "policy_violation");
        Assert.False(sample.Calls.Saw(id));
    }

    [Fact]
    public async Task An_mcp_name_header_naming_an_allowed_tool_does_not_launder_a_refused_one()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(
            McpHttp.ToolCall2026(id, "delete_record", """{"record_id":1,"reason":"x"}""", nameHeader: "get_customer"));

        Assert.False(answer.IsResult && !answer.IsBlocked, "the call went through: " + answer);
        Assert.False(sample.Calls.Saw(id));
    }

    [Fact]
    public async Task A_method_in_another_case_is_not_a_tool_call_and_runs_nothing()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(
            McpHttp.Post(McpHttp.Request(id, "TOOLS/CALL", """{"name":"add","arguments":{"a":1,"b":2}}""")));

        Assert.False(answer.IsResult, "expected an error, got " + answer);
        Assert.False(sample.Calls.Saw(id));
    }
}
