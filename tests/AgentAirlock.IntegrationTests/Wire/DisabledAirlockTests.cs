using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Wire;

/// <summary>With <c>Airlock:Enabled=false</c> the same sample runs as the bare SDK: nothing is refused, ghosts are ignored by the SDK.</summary>
public sealed class DisabledAirlockTests(DisabledSampleFactory factory) : IClassFixture<DisabledSampleFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task A_ghost_argument_reaches_the_sdk_which_ignores_it()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":1,"b":2,"ghost":"rm -rf /"}"""));

        Assert.Equal("3", Blocks.AssertToolSucceeded(answer));
        Assert.True(factory.Calls.Single(id).Arguments!.ContainsKey("ghost"));
    }

    [Fact]
    public async Task A_numeric_string_is_coerced_by_the_sdk()
    {
        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":"5","b":2}"""));

        Assert.Equal("7", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task A_duplicate_argument_is_read_last_one_wins_by_the_sdk()
    {
        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"a":40,"b":2}"""));

        Assert.Equal("42", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task The_csharp_client_sees_no_airlock_answers()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "hi", ["ghost"] = 1 });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("hi", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task An_unknown_tool_gets_the_sdks_error_without_suggestions()
    {
        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "ad", """{"a":1}"""));

        Assert.Equal(-32602, answer.ErrorCode);
        Assert.DoesNotContain("Did you mean", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.True(answer.IsEventStream, "the SDK frames its own answers as SSE: " + answer);
    }
}
