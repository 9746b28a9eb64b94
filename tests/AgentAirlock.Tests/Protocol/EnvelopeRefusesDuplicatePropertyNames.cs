using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

/// <summary>The SDK reads the last of duplicate keys; a checker reading another one could be bypassed.</summary>
public sealed class EnvelopeRefusesDuplicatePropertyNames
{
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list","method":"tools/call","params":{"name":"add"}}""", "method")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"id":2,"method":"tools/list"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"method":"tools/list"}""", "jsonrpc")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","name":"delete_record"}}""", "name")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"a":2}}}""", "a")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"o":{"x":[{"deep":1,"deep":2}]}}}}""", "deep")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","_meta":{"k":1,"k":1}}}""", "k")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"r":1,"r":2}}""", "r")]
    public void A_repeated_name_at_any_depth_is_refused_and_named(string json, string name)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(json);

        Envelope.AssertBadRequest(refusal, "duplicate_property");
        Assert.Contains($"'{name}'", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"b":1,"\u0062":2}""")]
    [InlineData("""{"\u0062":1,"b":2}""")]
    [InlineData("""{"a\/b":1,"a/b":2}""")]
    [InlineData("""{"\u00e9":1,"é":2}""")]
    public void Duplicates_written_with_different_escapes_are_refused(string arguments)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Envelope.ToolCall(arguments));

        Envelope.AssertBadRequest(refusal, "duplicate_property");
    }

    [Fact]
    public void Names_that_differ_only_in_case_inside_arguments_are_distinct_arguments()
    {
        // Argument binding is case-sensitive: "a" and "A" are two arguments (one of them a ghost), not duplicates.
        using McpRequest request = Envelope.Accept(Envelope.ToolCall("""{"a":1,"A":2}"""));

        Assert.Equal(2, request.Arguments.EnumerateObject().Count());
    }

    [Fact]
    public void The_same_name_in_different_objects_is_not_a_duplicate()
    {
        using McpRequest request = Envelope.Accept(Envelope.ToolCall("""{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}"""));

        Assert.Equal("add", request.ToolName);
    }
}
