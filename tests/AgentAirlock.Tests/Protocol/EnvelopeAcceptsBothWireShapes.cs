using System.Text;
using System.Text.Json;
using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

public sealed class EnvelopeAcceptsBothWireShapes
{
    [Fact]
    public void A_2025_11_25_tool_call_is_read_with_its_id_method_tool_and_arguments()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall(id: "7"),
            Envelope.Request(("MCP-Protocol-Version", Envelope.Previous)));

        Assert.Equal(McpMessageKind.Request, request.Kind);
        Assert.Equal(JsonValueKind.Number, request.Id.ValueKind);
        Assert.Equal(7, request.Id.GetInt32());
        Assert.Equal("tools/call", request.Method);
        Assert.True(request.IsToolCall);
        Assert.Equal("add", request.ToolName);
        Assert.Equal(JsonValueKind.Object, request.Arguments.ValueKind);
        Assert.Equal(1, request.Arguments.GetProperty("a").GetInt32());
        Assert.Equal(2, request.Arguments.GetProperty("b").GetInt32());
        Assert.Equal(Envelope.Previous, request.ProtocolVersion);
        Assert.False(request.UsesPerRequestMetadata);
    }

    [Fact]
    public void A_request_without_a_protocol_version_header_has_no_version()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall());

        Assert.Null(request.ProtocolVersion);
        Assert.False(request.UsesPerRequestMetadata);
    }

    [Fact]
    public void A_2026_07_28_tool_call_with_matching_headers_and_meta_is_read()
    {
        using McpRequest request = Envelope.Accept(Envelope.LatestToolCall(id: "\"call-1\""),
            Envelope.LatestRequest("tools/call", "add"));

        Assert.Equal(McpMessageKind.Request, request.Kind);
        Assert.Equal("call-1", request.Id.GetString());
        Assert.Equal("add", request.ToolName);
        Assert.Equal(Envelope.Latest, request.ProtocolVersion);
        Assert.True(request.UsesPerRequestMetadata);
        Assert.Equal(JsonValueKind.Object, request.Params.GetProperty("_meta").ValueKind);
    }

    [Fact]
    public void The_protocol_version_is_read_from_params_meta_when_the_header_is_absent()
    {
        using McpRequest request = Envelope.Accept(Envelope.LatestToolCall());

        Assert.Equal(Envelope.Latest, request.ProtocolVersion);
        Assert.True(request.UsesPerRequestMetadata);
    }

    [Fact]
    public void A_string_id_is_kept_as_a_string()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":"abc","method":"tools/list"}""");

        Assert.Equal(JsonValueKind.String, request.Id.ValueKind);
        Assert.Equal("abc", request.Id.GetString());
        Assert.Equal("tools/list", request.Method);
        Assert.False(request.IsToolCall);
        Assert.Null(request.ToolName);
    }

    [Fact]
    public void A_notification_has_a_method_and_no_id()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");

        Assert.Equal(McpMessageKind.Notification, request.Kind);
        Assert.Equal(JsonValueKind.Undefined, request.Id.ValueKind);
        Assert.Equal("notifications/initialized", request.Method);
    }

    [Fact]
    public void A_2026_07_28_notification_with_its_method_header_is_accepted()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""",
            Envelope.LatestRequest("notifications/cancelled"));

        Assert.Equal(McpMessageKind.Notification, request.Kind);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":3,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"s-1","result":{"roots":[]}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"no"}}""")]
    public void A_response_to_a_server_request_is_accepted_as_a_response(string json)
    {
        using McpRequest request = Envelope.Accept(json);

        Assert.Equal(McpMessageKind.Response, request.Kind);
        Assert.Null(request.Method);
        Assert.False(request.IsToolCall);
    }

    [Fact]
    public void A_response_needs_no_method_header_on_2026_07_28()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":3,"result":{}}""",
            Envelope.Request(("MCP-Protocol-Version", Envelope.Latest)));

        Assert.Equal(McpMessageKind.Response, request.Kind);
    }

    [Fact]
    public void An_initialize_request_is_accepted()
    {
        using McpRequest request = Envelope.Accept(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}""");

        Assert.Equal("initialize", request.Method);
        Assert.Equal(McpMessageKind.Request, request.Kind);
    }

    [Fact]
    public void A_utf8_byte_order_mark_before_the_message_is_accepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Envelope.ToolCall())];

        using McpRequest request = Envelope.Accept(body);

        Assert.Equal("add", request.ToolName);
    }

    [Fact]
    public void Whitespace_around_the_message_is_accepted()
    {
        using McpRequest request = Envelope.Accept("\r\n  " + Envelope.ToolCall() + "\n\t ");

        Assert.Equal("add", request.ToolName);
    }

    [Fact]
    public void A_tool_call_without_arguments_has_undefined_arguments()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ping"}}""");

        Assert.Equal("ping", request.ToolName);
        Assert.Equal(JsonValueKind.Undefined, request.Arguments.ValueKind);
    }

    [Fact]
    public void A_tool_call_with_null_arguments_has_undefined_arguments()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ping","arguments":null}}""");

        Assert.Equal(JsonValueKind.Undefined, request.Arguments.ValueKind);
    }

    [Fact]
    public void Members_other_than_the_envelope_keys_are_ignored()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools/list","extra":{"x":[1,2]}}""");

        Assert.Equal("tools/list", request.Method);
    }

    [Fact]
    public void The_method_written_with_escapes_is_the_same_method()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools\/c\u0061ll","params":{"name":"add","arguments":{}}}""");

        Assert.Equal("tools/call", request.Method);
        Assert.True(request.IsToolCall);
        Assert.Equal("add", request.ToolName);
    }

    [Fact]
    public void A_tool_name_written_with_escapes_is_decoded()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall(name: "\\u0061dd"));

        Assert.Equal("add", request.ToolName);
    }

    [Fact]
    public void The_body_is_exposed_unchanged()
    {
        string json = Envelope.ToolCall();

        using McpRequest request = Envelope.Accept(json);

        Assert.Equal(json, Encoding.UTF8.GetString(request.Body.Span));
    }
}
