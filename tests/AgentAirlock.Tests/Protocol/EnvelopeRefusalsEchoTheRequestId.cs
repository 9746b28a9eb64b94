using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

/// <summary>
/// Refusals of a readable request (invalid params, header mismatch) answer that request: the error carries its id,
/// which the response writer reads after <see cref="McpRequest.Parse"/> has returned.
/// </summary>
public sealed class EnvelopeRefusalsEchoTheRequestId
{
    public static TheoryData<string, string, bool> Refusals => new()
    {
        // body, id, 2026-07-28 headers (with a mismatching name)
        { """{"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":5}}""", "41", false },
        { """{"jsonrpc":"2.0","id":"q-7","method":"tools/call","params":{"arguments":{}}}""", "\"q-7\"", false },
        { """{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"add","arguments":[1]}}""", "42", false },
        { """{"jsonrpc":"2.0","id":43,"method":"tools/call","params":{"name":"\ud800"}}""", "43", false },
        { """{"jsonrpc":"2.0","id":44,"method":"tools/call","params":{"name":"add","arguments":{}}}""", "44", true },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void The_refusal_carries_the_id_of_the_refused_request(string body, string id, bool latest)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(body, latest ? Envelope.LatestRequest("tools/call", "other") : null);

        Assert.Equal(id, refusal.Id.GetRawText());
    }

    [Fact]
    public void The_id_is_still_readable_after_the_buffer_is_reused()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","id":777,"method":"tools/call","params":{"name":[]}}""");

        // Parse and refuse another message in between, as the next request on the thread would.
        _ = Envelope.Refuse("""{"jsonrpc":"2.0","id":888,"method":"tools/call","params":{"name":{}}}""");

        Assert.Equal("777", refusal.Id.GetRawText());
    }

    [Fact]
    public void Transport_refusals_carry_no_id()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"1.0","id":5,"method":"tools/list"}""");

        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, refusal.Id.ValueKind);
    }
}
