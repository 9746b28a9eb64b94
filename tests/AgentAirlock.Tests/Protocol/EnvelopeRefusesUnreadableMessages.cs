using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

public sealed class EnvelopeRefusesUnreadableMessages
{
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list",}""")]
    [InlineData("""{jsonrpc:"2.0"}""")]
    [InlineData("""{"jsonrpc":'2.0'}""")]
    [InlineData("""{"jsonrpc":"2.0"} {"jsonrpc":"2.0"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list"/*comment*/}""")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("""{"jsonrpc":"2.0","id":01,"method":"tools/list"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":NaN,"method":"tools/list"}""")]
    public void Malformed_json_is_refused_as_not_valid_json(string json)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(json);

        Envelope.AssertBadRequest(refusal, "malformed_json");
        Assert.Contains("not valid JSON", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_of_malformed_json_names_where_it_broke()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("{\"jsonrpc\":\"2.0\",\n\"id\":}");

        Assert.Contains("line 2", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""")]
    [InlineData("""[]""")]
    public void A_batch_array_is_refused(string json)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(json);

        Envelope.AssertBadRequest(refusal, "batch");
        Assert.Contains("batch", refusal.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"tools/call\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void A_message_that_is_not_an_object_is_refused(string json)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(json);

        Envelope.AssertBadRequest(refusal, "not_an_object");
        Assert.Contains("object", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_byte_order_marks_are_refused()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"u8];

        Assert.Null(Envelope.Parse(body, out _));
    }

    [Fact]
    public void An_object_that_is_neither_request_nor_response_is_refused()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","id":1}""");

        Envelope.AssertBadRequest(refusal, "not_jsonrpc");
    }

    [Fact]
    public void A_response_without_an_id_is_refused()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","result":{}}""");

        Envelope.AssertBadRequest(refusal, "not_jsonrpc");
    }
}
