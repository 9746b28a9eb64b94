using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Protocol;

/// <summary>On 2026-07-28 the Mcp-Method and Mcp-Name headers must agree with the body.</summary>
public sealed class EnvelopeChecksStandardHeaders
{
    /// <summary>The SDK's answer to these: HTTP 400, -32020. (That the refusal echoes the id is tested in <see cref="EnvelopeRefusalsEchoTheRequestId"/>.)</summary>
    private static void AssertHeaderMismatch(EnvelopeRefusal refusal)
    {
        Assert.Equal(StatusCodes.Status400BadRequest, refusal.StatusCode);
        Assert.Equal(-32020, refusal.ErrorCode);
        Assert.Equal("header_mismatch", refusal.Reason);
    }

    [Fact]
    public void A_missing_method_header_is_refused()
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.LatestToolCall(id: "5"),
            Envelope.Request(("MCP-Protocol-Version", Envelope.Latest), ("Mcp-Name", "add")));

        AssertHeaderMismatch(refusal);
        Assert.Contains("Missing required Mcp-Method header", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_header_that_differs_from_the_body_is_refused_naming_both()
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.LatestToolCall(id: "5"), Envelope.LatestRequest("tools/list", "add"));

        AssertHeaderMismatch(refusal);
        Assert.Contains("'tools/list'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("'tools/call'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_name_header_on_a_tool_call_is_refused()
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.LatestToolCall(id: "6"), Envelope.LatestRequest("tools/call"));

        AssertHeaderMismatch(refusal);
        Assert.Contains("Missing required Mcp-Name header", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("delete_record")]
    [InlineData("ADD")]
    [InlineData("add2")]
    public void A_name_header_that_differs_from_the_body_is_refused_naming_both(string header)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.LatestToolCall(id: "8"), Envelope.LatestRequest("tools/call", header));

        AssertHeaderMismatch(refusal);
        Assert.Contains($"'{header}'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("'add'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base64_encoded_name_header_is_decoded_before_comparing()
    {
        string? header = McpHeaderEncoder.EncodeValue("outil é");
        Assert.NotNull(header);
        Assert.StartsWith("=?base64?", header, StringComparison.Ordinal);

        using McpRequest request = Envelope.Accept(Envelope.LatestToolCall(name: "outil é"), Envelope.LatestRequest("tools/call", header));

        Assert.Equal("outil é", request.ToolName);
    }

    [Fact]
    public void A_base64_name_header_of_a_plain_name_is_accepted()
    {
        using McpRequest request = Envelope.Accept(Envelope.LatestToolCall(), Envelope.LatestRequest("tools/call", "=?base64?YWRk?="));

        Assert.Equal("add", request.ToolName);
    }

    [Fact]
    public void A_base64_name_header_of_another_name_is_refused()
    {
        // "=?base64?ZGVsZXRlX3JlY29yZA==?=" is "delete_record".
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.LatestToolCall(id: "2"),
            Envelope.LatestRequest("tools/call", "=?base64?ZGVsZXRlX3JlY29yZA==?="));

        AssertHeaderMismatch(refusal);
    }

    [Fact]
    public void Headers_are_not_required_on_2025_11_25()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall(), Envelope.Request(("MCP-Protocol-Version", Envelope.Previous)));

        Assert.Equal("add", request.ToolName);
    }

    [Fact]
    public void A_later_revision_requires_the_headers_too()
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.ToolCall(id: "1"), Envelope.Request(("MCP-Protocol-Version", "2027-01-01")));

        AssertHeaderMismatch(refusal);
    }

    [Fact]
    public void A_notification_on_2026_07_28_needs_the_method_header()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{}}""",
            Envelope.Request(("MCP-Protocol-Version", Envelope.Latest)));

        Assert.Equal(-32020, refusal.ErrorCode);
    }

    [Fact]
    public void Methods_without_a_primitive_need_no_name_header()
    {
        using McpRequest request = Envelope.Accept(
            """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""",
            Envelope.LatestRequest("tools/list"));

        Assert.Equal("tools/list", request.Method);
    }
}
