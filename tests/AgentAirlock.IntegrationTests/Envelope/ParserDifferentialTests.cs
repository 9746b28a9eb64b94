using System.Net;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Envelope;

/// <summary>
/// Inputs that a careless checker and the SDK would read differently (the SDK: last duplicate wins, params keys
/// case-insensitive, argument names case-sensitive) end in a refusal or in the same reading, never in a different one.
/// </summary>
public sealed class ParserDifferentialTests(DefaultSampleFactory factory) : IClassFixture<DefaultSampleFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static string Call(string id, string paramsJson) => McpHttp.Request(id, "tools/call", paramsJson);

    private async Task AssertRefusedWithoutReachingTheSdkAsync(string id, string body)
    {
        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(body));

        bool refused = answer.Status != HttpStatusCode.OK || !answer.IsResult || answer.IsBlocked;
        Assert.True(refused, "expected a refusal, got " + answer);
        Assert.False(factory.Calls.Saw(id), "the SDK received a message Airlock should have refused");
    }

    [Fact]
    public async Task A_duplicate_method_that_would_turn_a_list_into_a_call_is_refused()
    {
        string id = McpHttp.NewId();
        string body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/list\",\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2,\"ghost\":1}}}";

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(body));

        Blocks.AssertRefused(answer, 400, -32600, "'method'");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_duplicate_argument_with_a_different_type_is_refused()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":1,"a":"x","b":2}"""));

        Blocks.AssertRefused(answer, 400, -32600, "'a'");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task Arguments_next_to_a_case_variant_Arguments_is_refused()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(Call(id, """{"name":"add","arguments":{"a":1,"b":2},"Arguments":{"a":1,"b":2,"ghost":"x"}}""")));

        Blocks.AssertRefused(answer, 400, -32600, "case");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task An_upper_case_NAME_alone_is_read_as_the_tool_name_and_validated()
    {
        string validId = McpHttp.NewId();
        string ghostId = McpHttp.NewId();

        McpAnswer valid = await _http.SendMcpAsync(McpHttp.Post(Call(validId, """{"NAME":"add","arguments":{"a":1,"b":2}}""")));
        McpAnswer ghost = await _http.SendMcpAsync(McpHttp.Post(Call(ghostId, """{"NAME":"add","arguments":{"a":1,"b":2,"ghost":1}}""")));

        Assert.Equal("3", Blocks.AssertToolSucceeded(valid));
        Assert.Equal("add", factory.Calls.Single(validId).ToolName);
        Blocks.AssertBlocked(ghost, "add", "ghost_arguments");
        Assert.False(factory.Calls.Saw(ghostId));
    }

    [Theory]
    [InlineData("Arguments")]
    [InlineData("ARGUMENTS")]
    [InlineData("aRgUmEnTs")]
    public async Task A_case_variant_arguments_key_alone_is_still_checked_for_ghosts(string key)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(Call(id, "{\"name\":\"add\",\"" + key + "\":{\"a\":1,\"b\":2,\"ghost\":1}}")));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_case_variant_arguments_key_alone_is_still_checked_for_types()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(Call(id, """{"name":"add","Arguments":{"a":"1","b":2}}""")));

        Blocks.AssertBlocked(answer, "add", "validation_error");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_case_variant_arguments_key_alone_with_valid_arguments_reaches_the_tool_with_them()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(Call(id, """{"Name":"add","Arguments":{"a":40,"b":2}}""")));

        Assert.Equal("42", Blocks.AssertToolSucceeded(answer));
        ArgumentValues.AssertSame(McpHttp.Parse("""{"a":40,"b":2}"""), McpHttp.Parse(factory.Calls.Single(id).ArgumentsJson), "arguments");
    }

    [Fact]
    public async Task An_arguments_key_spelled_with_a_unicode_case_fold_is_still_checked_for_ghosts()
    {
        // U+017F LATIN SMALL LETTER LONG S upper-cases to 'S': OrdinalIgnoreCase (the SDK's params binding) matches it.
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(Call(id, "{\"name\":\"add\",\"argument\u017F\":{\"a\":1,\"b\":2,\"ghost\":1}}")));

        bool ghostCaughtOrRefused = answer.IsBlocked || answer.Status != HttpStatusCode.OK;
        Assert.True(ghostCaughtOrRefused, "expected the ghost to be caught or the message refused, got " + answer);
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task Keys_written_with_escapes_are_read_as_the_keys_they_spell()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(Call(id, """{"n\u0061me":"add","\u0061rguments":{"a":1,"b":2,"gh\u006fst":1}}""")));

        JsonElement block = Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.Equal(["ghost"], Blocks.BlockedArguments(block));
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task An_escaped_argument_name_that_spells_a_declared_parameter_is_that_parameter()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"\u0061":1,"b":2}"""));

        Assert.Equal("3", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task A_case_variant_argument_name_is_a_ghost_because_the_sdk_binds_arguments_case_sensitively()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"A":1,"b":2}"""));

        JsonElement block = Blocks.AssertBlocked(answer, "add", "validation_error");
        Assert.Contains("A", Blocks.BlockedArguments(block));
        Assert.Contains("a", Blocks.BlockedArguments(block));
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_case_variant_tool_name_is_an_unknown_tool()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "ADD", """{"a":1,"b":2}"""));

        Assert.Equal(-32602, answer.ErrorCode);
        Assert.Contains("'add'", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_an_argument_value_is_refused()
    {
        string id = McpHttp.NewId();

        await AssertRefusedWithoutReachingTheSdkAsync(id, McpHttp.ToolCallBody(id, "echo", """{"text":"abc\ud800def"}"""));
    }

    [Fact]
    public async Task A_reversed_surrogate_pair_in_an_argument_value_is_refused()
    {
        string id = McpHttp.NewId();

        await AssertRefusedWithoutReachingTheSdkAsync(id, McpHttp.ToolCallBody(id, "echo", """{"text":"\udf89\ud83c"}"""));
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_an_argument_name_is_refused()
    {
        string id = McpHttp.NewId();

        await AssertRefusedWithoutReachingTheSdkAsync(id, McpHttp.ToolCallBody(id, "echo", """{"text":"x","\udc00":1}"""));
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_the_tool_name_is_refused()
    {
        string id = McpHttp.NewId();

        await AssertRefusedWithoutReachingTheSdkAsync(id, Call(id, """{"name":"echo\ud800","arguments":{"text":"x"}}"""));
    }

    [Fact]
    public async Task A_lone_surrogate_escape_nested_in_an_undeclared_argument_is_refused()
    {
        string id = McpHttp.NewId();

        await AssertRefusedWithoutReachingTheSdkAsync(id, McpHttp.ToolCallBody(id, "delete_record", """{"record_id":1,"reason":"x","ghost":{"k":["\ud800"]}}"""));
    }

    [Fact]
    public async Task A_lone_surrogate_escape_inside_a_stripped_argument_never_reaches_the_sdk()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "search_documents", """{"query":"rate","ghost":{"k":"\ud800"}}"""));

        Assert.True(answer.IsResult, answer.ToString());
        if (factory.Calls.Saw(id))
        {
            RecordedCall call = factory.Calls.Single(id);
            Assert.Equal(["query"], call.Arguments!.Keys);
        }
    }

    [Fact]
    public async Task An_upper_case_envelope_key_is_refused_as_the_sdk_would()
    {
        string id = McpHttp.NewId();
        string body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"METHOD\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2,\"ghost\":1}}}";

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(-32600, answer.ErrorCode);
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_method_name_written_with_escapes_is_the_method_it_spells()
    {
        string id = McpHttp.NewId();
        string body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools\\/c\\u0061ll\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2,\"ghost\":1}}}";

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(body));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_tool_name_written_with_escapes_is_the_tool_it_spells()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(Call(id, """{"name":"\u0061dd","arguments":{"a":1,"b":2,"ghost":1}}""")));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_does_not_hide_a_ghost()
    {
        string id = McpHttp.NewId();
        byte[] body = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2,"ghost":1}"""))];

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(body));

        bool ghostCaughtOrRefused = answer.IsBlocked || answer.Status != HttpStatusCode.OK;
        Assert.True(ghostCaughtOrRefused, "expected the ghost to be caught or the message refused, got " + answer);
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task Null_arguments_are_read_as_no_arguments_and_the_missing_ones_reported()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "add", "null"));

        JsonElement block = Blocks.AssertBlocked(answer, "add", "validation_error");
        Assert.Equal(["a", "b"], Blocks.BlockedArguments(block).Order(StringComparer.Ordinal));
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_tools_call_sent_as_a_notification_never_runs_the_tool_unchecked()
    {
        string marker = "notification-" + Guid.NewGuid().ToString("N");
        string body = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + marker + "\",\"ghost\":1}}}";

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(body));

        Assert.True((int)answer.Status < 500, answer.ToString());
        Assert.DoesNotContain(factory.Calls.All, c => c.Arguments is { } args && args.TryGetValue("text", out JsonElement text)
            && text.ValueKind == JsonValueKind.String && text.GetString() == marker);
    }

    [Fact]
    public async Task Trailing_content_after_the_message_is_refused()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2}""") + McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2,"ghost":1}""")));

        Blocks.AssertRefused(answer, 400, -32600);
        Assert.False(factory.Calls.Saw(id));
    }
}
