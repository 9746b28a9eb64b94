using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>Lengths are in UTF-16 code units, the unit of [StringLength] and of NJsonSchema.</summary>
public sealed class StringLengthsCountUtf16Units
{
    private static string Code(string code) => $"{{\"code\":\"{code}\",\"word\":\"ok\"}}";

    [Theory]
    [InlineData("ab")]
    [InlineData("abcde")]
    [InlineData("ééééé")]
    [InlineData("😀")]
    [InlineData("😀😀")]
    [InlineData("\\u00e9\\u00e9")]
    [InlineData("\\ud83d\\ude00")]
    [InlineData("e\u0301")]
    public void Strings_of_two_to_five_units_are_accepted(string code)
    {
        using ToolSchema strings = ToolSchema.For(nameof(Tools.Strings));

        strings.AssertAccepts(Code(code));
    }

    [Theory]
    [InlineData("", nameof(ArgumentProblemKind.TooShort))]
    [InlineData("a", nameof(ArgumentProblemKind.TooShort))]
    [InlineData("\\u0061", nameof(ArgumentProblemKind.TooShort))]
    [InlineData("abcdef", nameof(ArgumentProblemKind.TooLong))]
    [InlineData("😀😀😀", nameof(ArgumentProblemKind.TooLong))]
    [InlineData("ab\\n\\t\\\"\\\\", nameof(ArgumentProblemKind.TooLong))]
    public void Strings_outside_the_length_range_are_refused(string code, string kind)
    {
        using ToolSchema strings = ToolSchema.For(nameof(Tools.Strings));

        ArgumentProblem problem = strings.Single(Code(code));

        Assert.Equal(kind, problem.Kind.ToString());
        Assert.Equal("code", problem.Path);
    }

    [Fact]
    public void A_lone_surrogate_in_a_length_checked_string_is_invalid_text()
    {
        using ToolSchema strings = ToolSchema.For(nameof(Tools.Strings));

        Assert.Equal(ArgumentProblemKind.InvalidString, strings.Single(Code("a\\ud800")).Kind);
    }

    [Fact]
    public void A_lone_surrogate_is_invalid_text_even_without_a_length_or_pattern()
    {
        // The SDK cannot bind "\ud800" to a string parameter (System.Text.Json refuses it), so Airlock must not accept it.
        using ToolSchema echo = ToolSchema.For(nameof(Tools.Echo));

        Assert.Equal(ArgumentProblemKind.InvalidString, echo.Single("""{"text":"\ud800"}""").Kind);
    }

    [Fact]
    public void A_char_parameter_takes_exactly_one_utf16_unit()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"c":{"type":"string","minLength":1,"maxLength":1}}}""");

        schema.AssertAccepts("""{"c":"é"}""");
        Assert.Equal(ArgumentProblemKind.TooLong, schema.Single("""{"c":"😀"}""").Kind);
    }
}
