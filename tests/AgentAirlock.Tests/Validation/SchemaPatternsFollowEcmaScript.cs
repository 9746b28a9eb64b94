using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>
/// JSON Schema patterns are ECMA-262 regular expressions. Where .NET reads the same text more loosely, a value
/// the schema's author meant to refuse would pass: "$" before a trailing newline, "\d" on non-ASCII digits.
/// </summary>
public sealed class SchemaPatternsFollowEcmaScript
{
    private static ToolSchema WithPattern(string pattern) =>
        ToolSchema.FromJson("""{"type":"object","properties":{"v":{"type":"string","pattern":"""
            + System.Text.Json.JsonSerializer.Serialize(pattern) + "}}}");

    [Fact]
    public void Dollar_does_not_match_before_a_trailing_newline()
    {
        using ToolSchema schema = WithPattern("^[a-z]+$");

        schema.AssertAccepts("""{"v":"admin"}""");
        Assert.Equal(ArgumentProblemKind.PatternMismatch, schema.Single("""{"v":"admin\n"}""").Kind);
    }

    [Fact]
    public void Digit_and_word_classes_are_ascii_only()
    {
        using ToolSchema digits = WithPattern("^\\d+$");
        using ToolSchema words = WithPattern("^\\w+$");

        digits.AssertAccepts("""{"v":"123"}""");
        Assert.Equal(ArgumentProblemKind.PatternMismatch, digits.Single("""{"v":"١٢٣"}""").Kind);
        words.AssertAccepts("""{"v":"ab_9"}""");
        Assert.Equal(ArgumentProblemKind.PatternMismatch, words.Single("""{"v":"né"}""").Kind);
    }

    [Fact]
    public void Escaped_characters_and_classes_keep_their_meaning()
    {
        using ToolSchema money = WithPattern("^\\$[0-9]+$");
        using ToolSchema classy = WithPattern("^[\\d.$]+$");

        money.AssertAccepts("""{"v":"$15"}""");
        classy.AssertAccepts("""{"v":"1.5$"}""");
        Assert.Equal(ArgumentProblemKind.PatternMismatch, classy.Single("""{"v":"1,5"}""").Kind);
    }

    [Theory]
    [InlineData("^[a-z]+$", "^[a-z]+\\z")]
    [InlineData("\\d{3}", "[0-9]{3}")]
    [InlineData("[\\d\\w]", "[0-9a-zA-Z0-9_]")]
    [InlineData("\\$\\\\d", "\\$\\\\d")]
    [InlineData("[^]", "[\\s\\S]")]
    [InlineData("a[]", "a(?!)")]
    [InlineData("[$]", "[$]")]
    public void The_translation_rewrites_only_what_differs(string ecma, string dotnet) =>
        Assert.Equal(dotnet, EcmaPattern.ToDotNet(ecma));

    [Fact]
    public void A_regular_expression_attribute_keeps_dotnet_syntax()
    {
        // [RegularExpression] is .NET syntax by definition, matched against the whole value.
        using ToolSchema strings = ToolSchema.For(nameof(Tools.Strings));

        Assert.Equal(ArgumentProblemKind.PatternMismatch, strings.Single("""{"code":"ab","word":"abc\n"}""").Kind);
    }
}
