using System.Text;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Protocol;

public sealed class EnvelopeRefusesInvalidText
{
    private static byte[] WithBytesInArgument(params byte[] bytes) =>
        [.. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""u8, .. bytes, .. "\"}}}"u8];

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x80 })]
    public void Invalid_utf8_inside_a_string_is_refused(byte[] bytes)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(WithBytesInArgument(bytes));

        Envelope.AssertBadRequest(refusal, "invalid_utf8");
        Assert.Contains("UTF-8", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_property_name_is_refused()
    {
        byte[] body = [.. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\""u8, 0xC3, 0x28, .. "\":1}}"u8];

        Envelope.AssertBadRequest(Envelope.Refuse(body), "invalid_utf8");
    }

    [Fact]
    public void A_utf16_body_is_refused()
    {
        byte[] body = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"ping"}""")];

        Envelope.AssertBadRequest(Envelope.Refuse(body), "invalid_utf8");
    }

    [Fact]
    public void Valid_multibyte_text_and_surrogate_pairs_are_accepted()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall("""{"text":"grüße 😀 \ud83d\ude00 ſ"}"""));

        Assert.Equal("grüße 😀 😀 ſ", request.Arguments.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("x\\ud83d")]
    [InlineData("\\ude00\\ud83d")]
    public void A_lone_surrogate_escape_in_a_string_id_is_refused(string escaped)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Json.Q($"{{'jsonrpc':'2.0','id':'{escaped}','method':'tools/list'}}"));

        Envelope.AssertBadRequest(refusal, "invalid_string");
        Assert.Contains("id", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("tools/call\\udc00")]
    public void A_lone_surrogate_escape_in_the_method_is_refused(string escaped)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'{escaped}','params':{{'name':'add'}}}}"));

        Envelope.AssertBadRequest(refusal, "invalid_method");
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("add\\udfff")]
    public void A_lone_surrogate_escape_in_the_tool_name_is_refused_as_invalid_params(string escaped)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.ToolCall(name: escaped, id: "9"));

        Assert.Equal(StatusCodes.Status200OK, refusal.StatusCode);
        Assert.Equal(-32602, refusal.ErrorCode);
        Assert.Contains("params.name", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surrogate_pair_written_as_escapes_in_the_tool_name_is_accepted()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall(name: "t\\ud83d\\ude00"));

        Assert.Equal("t😀", request.ToolName);
    }
}
