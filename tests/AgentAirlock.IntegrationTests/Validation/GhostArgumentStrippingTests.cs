using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Validation;

/// <summary>
/// In Strip mode the call goes on without its undeclared arguments, at every depth: the tool receives exactly what
/// was sent minus the ghosts, and on 2026-07-28 the rewritten body still agrees with its headers.
/// The mode comes from config PerTool, then the [AirlockUnknownArguments] attribute, then the global setting.
/// </summary>
public sealed class GhostArgumentStrippingTests(DefaultSampleFactory sample, ExtraToolsServers servers)
    : IClassFixture<DefaultSampleFactory>, IClassFixture<ExtraToolsServers>
{
    private static void AssertReceived(string expected, RecordedCall call)
    {
        Assert.NotNull(call.Arguments);
        ArgumentValues.AssertSame(McpHttp.Parse(expected), McpHttp.Parse(call.ArgumentsJson), "arguments");
    }

    [Fact]
    public async Task Search_documents_is_configured_to_strip_in_the_root_appsettings()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "search_documents",
            """{"query":"rate","ghost":"rm -rf /","limit":2,"nested_ghost":{"deep":[1,2,{"x":1}]}}"""));

        Assert.Contains("Rate limits", Blocks.AssertToolSucceeded(answer), StringComparison.Ordinal);
        AssertReceived("""{"query":"rate","limit":2}""", sample.Calls.Single(id));
    }

    [Fact]
    public async Task On_2026_07_28_the_stripped_call_still_agrees_with_its_headers_and_succeeds()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.ToolCall2026(id, "search_documents",
            """{"query":"runbook","Limit":3,"ghost":true}"""));

        Assert.Contains("Incident runbook", Blocks.AssertToolSucceeded(answer), StringComparison.Ordinal);
        Assert.Equal("complete", answer.Result.GetProperty("resultType").GetString());
        AssertReceived("""{"query":"runbook"}""", sample.Calls.Single(id));
    }

    [Fact]
    public async Task The_csharp_client_gets_a_normal_result_when_its_ghosts_are_stripped()
    {
        await using McpClient client = await sample.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("search_documents",
            new Dictionary<string, object?> { ["query"] = "sandboxing", ["ghost"] = "x", ["limit"] = 1 });

        Assert.NotEqual(true, result.IsError);
        Assert.Contains("Sandboxing", Assert.IsType<TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
        RecordedCall call = sample.Calls.All.Last(c => c.ToolName == "search_documents" && c.Arguments?.GetValueOrDefault("query").ValueKind == JsonValueKind.String
            && c.Arguments["query"].GetString() == "sandboxing");
        AssertReceived("""{"query":"sandboxing","limit":1}""", call);
    }

    [Fact]
    public async Task Every_ghost_is_stripped_even_beyond_the_number_reported()
    {
        string ghosts = string.Concat(Enumerable.Range(0, 300).Select(i => $",\"ghost_{i:D3}\":{{\"n\":{i}}}"));
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "search_documents", "{\"query\":\"rate\"" + ghosts + ",\"limit\":1}"));

        Assert.Contains("Rate limits", Blocks.AssertToolSucceeded(answer), StringComparison.Ordinal);
        AssertReceived("""{"query":"rate","limit":1}""", sample.Calls.Single(id));
    }

    [Fact]
    public async Task A_wrong_type_after_hundreds_of_ghosts_is_still_found_in_strip_mode()
    {
        string ghosts = string.Concat(Enumerable.Range(0, 300).Select(i => $",\"ghost_{i:D3}\":{i}"));
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "search_documents", "{\"query\":\"rate\"" + ghosts + ",\"limit\":\"1\"}"));

        JsonElement block = Blocks.AssertBlocked(answer, "search_documents", "validation_error");
        Assert.Contains("limit", Blocks.BlockedArguments(block));
        Assert.False(sample.Calls.Saw(id));
    }

    [Fact]
    public async Task Stripping_does_not_excuse_a_wrongly_typed_argument()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "search_documents", """{"query":"rate","limit":"5","ghost":1}"""));

        JsonElement block = Blocks.AssertBlocked(answer, "search_documents", "validation_error");
        Assert.Equal(["limit"], Blocks.BlockedArguments(block));
        Assert.False(sample.Calls.Saw(id));
    }

    [Fact]
    public async Task Ghosts_nested_inside_object_arguments_are_stripped_too()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Stripping.Client.SendMcpAsync(McpHttp.ToolCall(id, "create_order",
            """{"order":{"sku":"A","quantity":1,"gift":true,"shipTo":{"street":"s","city":"Bern","zip":"3000"}},"note":"n","extra":1}"""));

        Assert.Equal("1 x A to Bern (n)", Blocks.AssertToolSucceeded(answer));
        AssertReceived("""{"order":{"sku":"A","quantity":1,"shipTo":{"street":"s","city":"Bern"}},"note":"n"}""", servers.Stripping.Calls.Single(id));
    }

    [Fact]
    public async Task The_stripped_body_keeps_every_declared_value_as_sent()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Stripping.Client.SendMcpAsync(McpHttp.ToolCall2026(id, "measure",
            """{"count":9223372036854775807,"ghost":{"a":[1,2]},"ratio":1E+2,"amount":0.10,"label":"é \" \ud83c\udf89"}"""));

        Blocks.AssertToolSucceeded(answer);
        AssertReceived("""{"count":9223372036854775807,"ratio":1E+2,"amount":0.10,"label":"é \" \ud83c\udf89"}""", servers.Stripping.Calls.Single(id));
    }

    [Fact]
    public async Task A_ghost_next_to_a_value_checked_by_the_full_schema_validator_is_stripped()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Stripping.Client.SendMcpAsync(McpHttp.ToolCall(id, "subscribe", """{"email":"ada@example.com","list":"all"}"""));

        Assert.Equal("subscribed a***@example.com", Blocks.AssertToolSucceeded(answer));
        AssertReceived("""{"email":"ada@example.com"}""", servers.Stripping.Calls.Single(id));
    }

    [Theory]
    [InlineData("Arguments")]
    [InlineData("ARGUMENTS")]
    public async Task Ghosts_under_a_case_variant_arguments_key_are_stripped(string key)
    {
        string id = McpHttp.NewId();
        string body = McpHttp.Request(id, "tools/call", "{\"name\":\"search_documents\",\"" + key + "\":{\"query\":\"rate\",\"ghost\":1}}");

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.Post(body));

        Assert.Contains("Rate limits", Blocks.AssertToolSucceeded(answer), StringComparison.Ordinal);
        AssertReceived("""{"query":"rate"}""", sample.Calls.Single(id));
    }

    [Fact]
    public async Task Ghosts_are_stripped_when_the_envelope_keys_are_written_with_escapes()
    {
        string id = McpHttp.NewId();
        string body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"p\\u0061rams\":{\"n\\u0061me\":\"search_documents\",\"\\u0061rguments\":{\"query\":\"rate\",\"ghost\":1}}}";

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.Post(body));

        Assert.Contains("Rate limits", Blocks.AssertToolSucceeded(answer), StringComparison.Ordinal);
        AssertReceived("""{"query":"rate"}""", sample.Calls.Single(id));
    }

    [Fact]
    public async Task Strip_silently_removes_ghosts_as_well()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Rejecting.Client.SendMcpAsync(McpHttp.ToolCall(id, "quiet_echo", """{"text":"shh","ghost":1}"""));

        Assert.Equal("shh", Blocks.AssertToolSucceeded(answer));
        AssertReceived("""{"text":"shh"}""", servers.Rejecting.Calls.Single(id));
    }

    [Fact]
    public async Task The_attribute_overrides_a_global_reject()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Rejecting.Client.SendMcpAsync(McpHttp.ToolCall(id, "lenient_echo", """{"text":"hi","ghost":1}"""));

        Assert.Equal("hi", Blocks.AssertToolSucceeded(answer));
        AssertReceived("""{"text":"hi"}""", servers.Rejecting.Calls.Single(id));
    }

    [Fact]
    public async Task The_attribute_overrides_a_global_strip()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Stripping.Client.SendMcpAsync(McpHttp.ToolCall(id, "strict_echo", """{"text":"hi","ghost":1}"""));

        Blocks.AssertBlocked(answer, "strict_echo", "ghost_arguments");
        Assert.False(servers.Stripping.Calls.Saw(id));
    }

    [Fact]
    public async Task Config_per_tool_reject_overrides_an_attribute_that_strips()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Rejecting.Client.SendMcpAsync(McpHttp.ToolCall(id, "overridden_echo", """{"text":"hi","ghost":1}"""));

        Blocks.AssertBlocked(answer, "overridden_echo", "ghost_arguments");
        Assert.False(servers.Rejecting.Calls.Saw(id));
    }

    [Fact]
    public async Task Config_per_tool_strip_overrides_an_attribute_that_rejects()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Rejecting.Client.SendMcpAsync(McpHttp.ToolCall(id, "strict_echo", """{"text":"hi","ghost":1}"""));

        Assert.Equal("hi", Blocks.AssertToolSucceeded(answer));
        AssertReceived("""{"text":"hi"}""", servers.Rejecting.Calls.Single(id));
    }

    [Fact]
    public async Task The_global_mode_applies_to_tools_without_attribute_or_config()
    {
        string rejectedId = McpHttp.NewId();
        string strippedId = McpHttp.NewId();

        McpAnswer rejected = await servers.Rejecting.Client.SendMcpAsync(McpHttp.ToolCall(rejectedId, "plain_echo", """{"text":"hi","ghost":1}"""));
        McpAnswer stripped = await servers.Stripping.Client.SendMcpAsync(McpHttp.ToolCall(strippedId, "plain_echo", """{"text":"hi","ghost":1}"""));

        Blocks.AssertBlocked(rejected, "plain_echo", "ghost_arguments");
        Assert.False(servers.Rejecting.Calls.Saw(rejectedId));
        Assert.Equal("hi", Blocks.AssertToolSucceeded(stripped));
        AssertReceived("""{"text":"hi"}""", servers.Stripping.Calls.Single(strippedId));
    }

    [Fact]
    public async Task A_stripped_call_keeps_its_mcp_param_headers_true_for_the_csharp_client()
    {
        await using McpClient client = await servers.Stripping.CreateMcpClientAsync();
        McpClientTool tool = (await client.ListToolsAsync()).Single(t => t.Name == "route_message");

        CallToolResult result = await tool.CallAsync(
            new Dictionary<string, object?> { ["region"] = "eu-west", ["text"] = "hello", ["priority"] = "high" });

        Assert.Equal(McpHttp.Revision2026, client.NegotiatedProtocolVersion);
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("eu-west: hello", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task A_stripped_raw_call_with_an_mcp_param_header_reaches_the_tool_without_the_ghost()
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall2026(id, "route_message", """{"region":"eu-west","text":"hello","ghost":1}""");
        request.Headers.Add("Mcp-Param-Region", "eu-west");

        McpAnswer answer = await servers.Stripping.Client.SendMcpAsync(request);

        Assert.Equal("eu-west: hello", Blocks.AssertToolSucceeded(answer));
        AssertReceived("""{"region":"eu-west","text":"hello"}""", servers.Stripping.Calls.Single(id));
    }
}
