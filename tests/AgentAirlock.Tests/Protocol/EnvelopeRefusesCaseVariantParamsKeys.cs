using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

/// <summary>The SDK reads params case-insensitively: two keys differing only in case are one key to it.</summary>
public sealed class EnvelopeRefusesCaseVariantParamsKeys
{
    [Theory]
    [InlineData("name", "NAME")]
    [InlineData("arguments", "Arguments")]
    [InlineData("Arguments", "ARGUMENTS")]
    [InlineData("_meta", "_META")]
    public void Params_keys_that_differ_only_in_case_are_refused_and_both_named(string first, string second)
    {
        string json = Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{{'name':'add','{first}':{{}},'{second}':{{}}}}}}");
        if (first == "name")
        {
            json = Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{{'{first}':'add','{second}':'delete_record'}}}}");
        }

        EnvelopeRefusal refusal = Envelope.Refuse(json);

        Envelope.AssertBadRequest(refusal, "case_variant_params");
        Assert.Contains(first, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(second, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_variant_params_keys_are_refused_for_every_method()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"a","URI":"b"}}""");

        Envelope.AssertBadRequest(refusal, "case_variant_params");
    }

    [Fact]
    public void A_key_that_differs_by_a_non_ascii_look_alike_is_a_different_key()
    {
        // "argumentſ" is not "arguments" under OrdinalIgnoreCase, for the SDK as for the envelope.
        using McpRequest request = Envelope.Accept(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1},"argument\u017F":{"ghost":1}}}""");

        Assert.Equal(1, request.Arguments.GetProperty("a").GetInt32());
    }

    [Fact]
    public void Case_variant_keys_below_params_are_not_params_keys()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","_meta":{"k":1,"K":2}}}""");

        Assert.Equal("add", request.ToolName);
    }
}
