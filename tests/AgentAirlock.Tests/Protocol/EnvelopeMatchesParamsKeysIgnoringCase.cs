using System.Text.Json;
using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

/// <summary>The SDK binds <c>params</c> members case-insensitively (OrdinalIgnoreCase), so the envelope must read them the same way.</summary>
public sealed class EnvelopeMatchesParamsKeysIgnoringCase
{
    [Theory]
    [InlineData("NAME", "ARGUMENTS")]
    [InlineData("Name", "Arguments")]
    [InlineData("nAmE", "aRgUmEnTs")]
    public void Upper_and_mixed_case_params_keys_are_read_as_name_and_arguments(string nameKey, string argumentsKey)
    {
        using McpRequest request = Envelope.Accept(
            Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{{'{nameKey}':'add','{argumentsKey}':{{'ghost':1}}}}}}"));

        Assert.Equal("add", request.ToolName);
        Assert.True(request.Arguments.TryGetProperty("ghost", out _));
    }

    [Theory]
    [InlineData("argument\\u017F")]
    [InlineData("ARGUMENT\\u017F")]
    [InlineData("\\u0430rguments")]
    public void Non_ascii_look_alikes_are_not_folded_because_the_sdk_does_not_fold_them(string key)
    {
        // OrdinalIgnoreCase (System.Text.Json's case-insensitive binding) leaves U+017F 'ſ' and Cyrillic 'а' alone,
        // although char.ToUpperInvariant('ſ') is 'S'. See EnvelopeReadsParamsAsTheSdkDoes for the SDK's own reading.
        Assert.NotEqual(0, string.Compare("argument\u017F", "arguments", StringComparison.OrdinalIgnoreCase));

        using McpRequest request = Envelope.Accept(
            Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{{'name':'add','{key}':{{'ghost':1}}}}}}"));

        Assert.Equal(JsonValueKind.Undefined, request.Arguments.ValueKind);
    }

    [Fact]
    public void A_params_key_written_with_escapes_is_matched()
    {
        using McpRequest request = Envelope.Accept(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"n\u0061me":"add","\u0041rguments":{"a":1}}}""");

        Assert.Equal("add", request.ToolName);
        Assert.Equal(1, request.Arguments.GetProperty("a").GetInt32());
    }

    [Fact]
    public void Envelope_keys_stay_case_sensitive()
    {
        // "METHOD" is not "method" for the SDK (a 400); without a method the message is not a request.
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","id":1,"METHOD":"tools/call","params":{"name":"add"}}""");

        Envelope.AssertBadRequest(refusal, "not_jsonrpc");
    }

    [Fact]
    public void Argument_names_inside_arguments_are_not_folded()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall("""{"A":1,"b":2}"""));

        Assert.True(request.Arguments.TryGetProperty("A", out _));
        Assert.False(request.Arguments.TryGetProperty("a", out _));
        Assert.Equal(JsonValueKind.Number, request.Arguments.GetProperty("b").ValueKind);
    }
}
