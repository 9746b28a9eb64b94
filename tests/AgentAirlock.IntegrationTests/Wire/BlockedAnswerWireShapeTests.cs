using System.Net;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Wire;

/// <summary>
/// The blocked answer as it travels: JSON-RPC result shape per protocol revision, framing per Accept header, id echo.
/// </summary>
public sealed class BlockedAnswerWireShapeTests(DefaultSampleFactory factory) : IClassFixture<DefaultSampleFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task On_2026_07_28_the_blocked_result_carries_resultType_complete_and_the_server_info()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall2026(id, "add", """{"a":1,"b":2,"ghost":true}"""));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.Equal("complete", answer.Result.GetProperty("resultType").GetString());
        JsonElement serverInfo = answer.Result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo");
        Assert.False(string.IsNullOrEmpty(serverInfo.GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(serverInfo.GetProperty("version").GetString()));
        Assert.Equal(id, answer.Message.GetProperty("id").GetString());
    }

    [Fact]
    public async Task On_2026_07_28_the_blocked_result_names_the_same_server_as_the_sdks_own_results()
    {
        McpAnswer allowed = await _http.SendMcpAsync(McpHttp.ToolCall2026(McpHttp.NewId(), "add", """{"a":1,"b":2}"""));
        McpAnswer blocked = await _http.SendMcpAsync(McpHttp.ToolCall2026(McpHttp.NewId(), "add", """{"a":1,"b":2,"ghost":true}"""));

        Assert.Equal("3", Blocks.AssertToolSucceeded(allowed));
        Assert.Equal("complete", allowed.Result.GetProperty("resultType").GetString());
        JsonElement sdkServer = allowed.Result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo");
        JsonElement airlockServer = blocked.Result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo");
        Assert.True(JsonElement.DeepEquals(sdkServer, airlockServer), $"SDK: {sdkServer}; Airlock: {airlockServer}");
    }

    [Fact]
    public async Task On_2025_11_25_the_blocked_result_has_neither_resultType_nor_meta()
    {
        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2,"ghost":true}"""));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.False(answer.Result.TryGetProperty("resultType", out _), answer.Body);
        Assert.False(answer.Result.TryGetProperty("_meta", out _), answer.Body);
    }

    [Fact]
    public async Task Without_a_protocol_version_header_the_call_is_read_as_2025_11_25()
    {
        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(McpHttp.ToolCallBody(McpHttp.NewId(), "add", """{"a":1,"b":2,"ghost":true}"""), protocolVersion: null));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.False(answer.Result.TryGetProperty("resultType", out _), answer.Body);
    }

    [Fact]
    public async Task A_blocked_call_to_a_tool_with_an_output_schema_puts_the_block_in_meta_on_both_revisions()
    {
        McpAnswer old = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", """{"customer_id":"5"}"""));
        McpAnswer current = await _http.SendMcpAsync(McpHttp.ToolCall2026(McpHttp.NewId(), "get_customer", """{"customer_id":"5"}"""));

        foreach (McpAnswer answer in new[] { old, current })
        {
            Assert.True(answer.IsBlocked, answer.ToString());
            Assert.False(answer.Result.TryGetProperty("structuredContent", out _), answer.Body);
            JsonElement block = answer.Result.GetProperty("_meta").GetProperty("io.agentairlock/block");
            Assert.Equal("validation_error", Blocks.AssertShape(block, "get_customer"));
        }

        Assert.False(old.Result.TryGetProperty("resultType", out _), old.Body);
        Assert.Equal("complete", current.Result.GetProperty("resultType").GetString());
        Assert.True(current.Result.GetProperty("_meta").TryGetProperty("io.modelcontextprotocol/serverInfo", out _), current.Body);
    }

    [Fact]
    public async Task The_blocked_answer_is_plain_json_when_the_client_accepts_json()
    {
        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2,"ghost":true}"""));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.IsJson, answer.ToString());
        Assert.Equal("2.0", answer.Message.GetProperty("jsonrpc").GetString());
    }

    [Fact]
    public async Task The_blocked_answer_is_one_sse_frame_when_the_client_accepts_only_event_streams()
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.Post(McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2,"ghost":true}"""), accept: "text/event-stream");

        McpAnswer answer = await _http.SendMcpAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.IsEventStream, answer.ToString());
        Assert.StartsWith("event: message\n", answer.Body.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Single(answer.Body.Split('\n'), line => line.StartsWith("data:", StringComparison.Ordinal));
        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.Equal(id, answer.Message.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_numeric_request_id_is_echoed_as_the_same_number()
    {
        McpAnswer answer = await _http.PostMcpAsync("""{"jsonrpc":"2.0","id":9007199254740993,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2,"ghost":0}}}""");

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        JsonElement id = answer.Message.GetProperty("id");
        Assert.Equal(JsonValueKind.Number, id.ValueKind);
        Assert.Equal("9007199254740993", id.GetRawText());
    }

    [Fact]
    public async Task An_unknown_tool_is_an_in_band_invalid_params_error_with_the_closest_names()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "search_document", """{"query":"x"}"""));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(-32602, answer.ErrorCode);
        Assert.Contains("Unknown tool", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'search_documents'", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(id, answer.Message.GetProperty("id").GetString());
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_call_with_hundreds_of_ghosts_gets_a_bounded_answer_that_still_counts_them_all()
    {
        string ghosts = string.Concat(Enumerable.Range(0, 300).Select(i => $",\"ghost_{i:D3}\":{i}"));
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "add", "{\"a\":1,\"b\":2" + ghosts + "}"));

        JsonElement block = Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        int listed = Blocks.BlockedArguments(block).Length;
        Assert.InRange(listed, 1, 50);
        Assert.Equal(300, block.GetProperty("metadata").GetProperty("error_count").GetInt32());
        Assert.Contains((300 - listed).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more", answer.FirstText, StringComparison.Ordinal);
        Assert.False(factory.Calls.Saw(id));
    }
}
