using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

public sealed class EnvelopeRefusesExcessiveDepth
{
    /// <summary>A tool call nested exactly <paramref name="depth"/> levels deep (the message object is level 1).</summary>
    private static string Nested(int depth)
    {
        // message (1) > params (2) > arguments (3) > arrays
        int arrays = depth - 3;
        return Envelope.ToolCall("{\"a\":" + new string('[', arrays) + new string(']', arrays) + "}");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    public void A_message_exactly_as_deep_as_the_limit_is_accepted(int maxDepth)
    {
        using McpRequest request = Envelope.Accept(Nested(maxDepth), maxDepth: maxDepth);

        Assert.Equal("add", request.ToolName);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    public void A_message_one_level_deeper_than_the_limit_is_refused_naming_the_limit(int maxDepth)
    {
        EnvelopeRefusal refusal = Envelope.Refuse(Nested(maxDepth + 1), maxDepth: maxDepth);

        Envelope.AssertBadRequest(refusal, "max_depth");
        Assert.Contains(maxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_limit_applies_to_objects_as_well_as_arrays()
    {
        string deep = Envelope.ToolCall(string.Concat(Enumerable.Repeat("{\"x\":", 40)) + "1" + new string('}', 40));

        EnvelopeRefusal refusal = Envelope.Refuse(deep);

        Envelope.AssertBadRequest(refusal, "max_depth");
    }
}
