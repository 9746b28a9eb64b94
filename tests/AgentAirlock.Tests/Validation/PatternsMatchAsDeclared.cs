using System.ComponentModel.DataAnnotations;
using System.Reflection;
using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class PatternsMatchAsDeclared
{
#pragma warning disable IDE0060
    public static class PatternTools
    {
        public static void Letters([RegularExpression("[a-z]+")] string value) { }

        public static void Alternation([RegularExpression("a|ab")] string value) { }

        public static void Lazy([RegularExpression("a+?")] string value) { }

        public static void Anchored([RegularExpression("^[0-9]{3}$")] string value) { }

        public static void Grouped([RegularExpression("(a|ab)(c|bcd)")] string value) { }

        public static void Optional([RegularExpression("x*")] string value) { }

        public static void Dotted([RegularExpression(@"\w+\.\w+")] string value) { }
    }
#pragma warning restore IDE0060

    private static ToolSchema Pattern(string method) =>
        ToolSchema.For(typeof(PatternTools).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!);

    [Fact]
    public void A_regular_expression_attribute_must_match_the_whole_value()
    {
        using ToolSchema strings = ToolSchema.For(nameof(Tools.Strings));

        strings.AssertAccepts("""{"code":"ab","word":"abc"}""");
        Assert.Equal(ArgumentProblemKind.PatternMismatch, strings.Single("""{"code":"ab","word":"abc1"}""").Kind);
        Assert.Equal(ArgumentProblemKind.PatternMismatch, strings.Single("""{"code":"ab","word":"1abc"}""").Kind);
        Assert.Equal(ArgumentProblemKind.PatternMismatch, strings.Single("""{"code":"ab","word":"ABC"}""").Kind);
    }

    [Fact]
    public void A_schema_pattern_without_an_attribute_matches_anywhere()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"w":{"type":"string","pattern":"[a-z]+"}}}""");

        schema.AssertAccepts("""{"w":"abc1"}""");
        schema.AssertAccepts("""{"w":"1a1"}""");
        Assert.Equal(ArgumentProblemKind.PatternMismatch, schema.Single("""{"w":"123"}""").Kind);
    }

    public static TheoryData<string, string> AttributeCases()
    {
        string[] methods = ["Letters", "Alternation", "Lazy", "Anchored", "Grouped", "Optional", "Dotted"];
        string[] values = ["a", "ab", "abc", "aaa", "abcd", "abbcd", "123", "1234", "123\n", "x", "xxx", "xy", "a.b", "a.b.c", ".a", "ac", "abc1", "ABC", "é"];
        var data = new TheoryData<string, string>();
        foreach (string method in methods)
        {
            foreach (string value in values)
            {
                data.Add(method, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AttributeCases))]
    public void The_verdict_on_a_non_empty_value_is_the_regular_expression_attribute_verdict(string method, string value)
    {
        using ToolSchema schema = Pattern(method);
        RegularExpressionAttribute attribute = schema.Method!.GetParameters()[0].GetCustomAttribute<RegularExpressionAttribute>()!;

        bool accepted = schema.Accepts(System.Text.Json.JsonSerializer.Serialize(new { value }));

        Assert.Equal(attribute.IsValid(value), accepted);
    }

    [Fact]
    public void An_invalid_pattern_makes_the_schema_unusable()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"w":{"type":"string","pattern":"[a-"}}}""");

        Assert.NotNull(schema.Compiled.Error);
        Assert.Contains("pattern", schema.Compiled.Error, StringComparison.Ordinal);
        Assert.True(schema.Compiled.Root.Rejects);
        Assert.Equal(ArgumentProblemKind.Forbidden, schema.Single("""{"w":"a"}""").Kind);
    }

    [Fact]
    public void A_pattern_the_linear_engine_cannot_run_still_works()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"w":{"type":"string","pattern":"^(a)\\1$"}}}""");

        Assert.Null(schema.Compiled.Error);
        schema.AssertAccepts("""{"w":"aa"}""");
        Assert.Equal(ArgumentProblemKind.PatternMismatch, schema.Single("""{"w":"ab"}""").Kind);
    }
}
