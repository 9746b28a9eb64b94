using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Protocol;

public sealed class EnvelopeRefusesInvalidJsonRpcMembers
{
    [Theory]
    [InlineData("""{"id":1,"method":"tools/list"}""")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"tools/list"}""")]
    [InlineData("""{"jsonrpc":2.0,"id":1,"method":"tools/list"}""")]
    [InlineData("""{"jsonrpc":"2.0 ","id":1,"method":"tools/list"}""")]
    [InlineData("""{"jsonrpc":null,"id":1,"method":"tools/list"}""")]
    [InlineData("""{"JSONRPC":"2.0","id":1,"method":"tools/list"}""")]
    public void A_missing_or_wrong_jsonrpc_version_is_refused(string json)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(json);

        Envelope.AssertBadRequest(refusal, "jsonrpc_version");
        Assert.Contains("\"jsonrpc\": \"2.0\"", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_written_with_escapes_is_accepted()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2\u002E0","id":1,"method":"tools/list"}""");

        Assert.Equal("tools/list", request.Method);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("{}")]
    [InlineData("[1]")]
    public void An_id_that_is_not_a_string_or_number_is_refused(string id)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Json.Q($"{{'jsonrpc':'2.0','id':{id},'method':'tools/list'}}"));

        Envelope.AssertBadRequest(refusal, "invalid_id");
        Assert.Contains("id", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("\"\"")]
    [InlineData("\"x\"")]
    public void String_and_number_ids_are_accepted(string id)
    {
        using McpRequest request = Envelope.Accept(Json.Q($"{{'jsonrpc':'2.0','id':{id},'method':'tools/list'}}"));

        Assert.Equal(id, request.Id.GetRawText());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[\"tools/call\"]")]
    public void A_method_that_is_not_a_string_is_refused(string method)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Json.Q($"{{'jsonrpc':'2.0','id':1,'method':{method}}}"));

        Envelope.AssertBadRequest(refusal, "invalid_method");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("1")]
    [InlineData("true")]
    public void Params_that_are_not_an_object_are_refused(string parameters)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{parameters}}}"));

        Envelope.AssertBadRequest(refusal, "invalid_params");
        Assert.Contains("params", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"arguments":{}}""")]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"name":5}""")]
    [InlineData("""{"name":["add"]}""")]
    [InlineData("""{"name":{"x":"add"}}""")]
    public void A_tool_call_without_a_string_name_is_refused_as_invalid_params(string parameters)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Json.Q($"{{'jsonrpc':'2.0','id':12,'method':'tools/call','params':{parameters}}}"));

        Assert.Equal(StatusCodes.Status200OK, refusal.StatusCode);
        Assert.Equal(-32602, refusal.ErrorCode);
        Assert.Equal("invalid_params", refusal.Reason);
        Assert.Contains("params.name", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    public void A_tool_call_without_params_is_refused_as_invalid_params(string parameters)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Json.Q($"{{'jsonrpc':'2.0','id':'r','method':'tools/call','params':{parameters}}}"));

        Assert.Equal(-32602, refusal.ErrorCode);
    }

    [Fact]
    public void A_tool_call_with_no_params_member_is_refused_as_invalid_params()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","id":3,"method":"tools/call"}""");

        Assert.Equal(-32602, refusal.ErrorCode);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[1,2]")]
    [InlineData("\"a=1\"")]
    [InlineData("5")]
    [InlineData("true")]
    public void Arguments_that_are_not_an_object_are_refused_as_invalid_params(string arguments)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.ToolCall(arguments, id: "4"));

        Assert.Equal(StatusCodes.Status200OK, refusal.StatusCode);
        Assert.Equal(-32602, refusal.ErrorCode);
        Assert.Contains("arguments", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_object_arguments_under_a_case_variant_key_are_refused_too()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","ARGUMENTS":[1]}}""");

        Assert.Equal(-32602, refusal.ErrorCode);
    }

    [Fact]
    public void Other_methods_may_carry_params_of_any_object_shape()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":5,"arguments":[1]}}""");

        Assert.Equal("prompts/get", request.Method);
        Assert.Null(request.ToolName);
    }

    [Fact]
    public void A_tool_call_without_an_id_is_refused_because_it_could_not_be_answered()
    {
        EnvelopeRefusal refusal = Envelope.Refuse("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"add","arguments":{"ghost":1}}}""");

        Envelope.AssertBadRequest(refusal, "missing_id");
    }
}
