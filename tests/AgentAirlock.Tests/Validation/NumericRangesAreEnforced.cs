using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class NumericRangesAreEnforced
{
    private const string Valid = """{"limit":10,"ratio":1,"below":-1,"above":5}""";

    private static string With(string member, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        node[member] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return node.ToJsonString();
    }

    [Theory]
    [InlineData("limit", "1")]
    [InlineData("limit", "50")]
    [InlineData("ratio", "0.5")]
    [InlineData("ratio", "9.5")]
    [InlineData("ratio", "9.50")]
    [InlineData("ratio", "95e-1")]
    [InlineData("below", "-5.5")]
    [InlineData("below", "-0.0001")]
    [InlineData("above", "2")]
    [InlineData("above", "10")]
    public void Values_on_inclusive_bounds_and_inside_exclusive_ones_are_accepted(string member, string value)
    {
        using ToolSchema ranges = ToolSchema.For(nameof(Tools.Ranges));

        ranges.AssertAccepts(With(member, value));
    }

    [Theory]
    [InlineData("limit", "0", nameof(ArgumentProblemKind.BelowMinimum))]
    [InlineData("limit", "51", nameof(ArgumentProblemKind.AboveMaximum))]
    [InlineData("limit", "-2147483648", nameof(ArgumentProblemKind.BelowMinimum))]
    [InlineData("ratio", "0.49999", nameof(ArgumentProblemKind.BelowMinimum))]
    [InlineData("ratio", "9.500001", nameof(ArgumentProblemKind.AboveMaximum))]
    [InlineData("below", "-5.50001", nameof(ArgumentProblemKind.BelowMinimum))]
    [InlineData("below", "0", nameof(ArgumentProblemKind.AboveMaximum))]
    [InlineData("below", "-0.0", nameof(ArgumentProblemKind.AboveMaximum))]
    [InlineData("above", "1", nameof(ArgumentProblemKind.BelowMinimum))]
    [InlineData("above", "11", nameof(ArgumentProblemKind.AboveMaximum))]
    public void Values_outside_a_range_are_refused(string member, string value, string kind)
    {
        using ToolSchema ranges = ToolSchema.For(nameof(Tools.Ranges));

        ArgumentProblem problem = ranges.Single(With(member, value));

        Assert.Equal(kind, problem.Kind.ToString());
        Assert.Equal(member, problem.Path);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("-1")]
    public void An_exclusive_minimum_of_zero_from_a_range_attribute_is_enforced(string value)
    {
        // [Range(0, 10, MinimumIsExclusive = true)]: the tool was written for strictly positive values.
        using ToolSchema schema = ToolSchema.For(nameof(Tools.ExclusiveZero));

        ArgumentProblem problem = schema.Single($"{{\"positive\":{value}}}");

        Assert.Equal(ArgumentProblemKind.BelowMinimum, problem.Kind);
    }

    [Theory]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":10}""")]
    [InlineData("""{"minimum":0,"exclusiveMinimum":true,"maximum":10,"exclusiveMaximum":true}""")]
    public void Exclusive_bounds_refuse_the_bound_itself_in_both_drafts(string bounds)
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"x":""" + bounds.Replace("{", "{\"type\":\"number\",", StringComparison.Ordinal) + "}}");

        Assert.Equal(ArgumentProblemKind.BelowMinimum, schema.Single("""{"x":0}""").Kind);
        Assert.Equal(ArgumentProblemKind.AboveMaximum, schema.Single("""{"x":10}""").Kind);
        schema.AssertAccepts("""{"x":0.0001}""");
        schema.AssertAccepts("""{"x":9.9999}""");
    }

    [Fact]
    public void Bounds_are_compared_exactly_not_through_doubles()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"x":{"type":"number","maximum":0.3}}}""");

        schema.AssertAccepts("""{"x":0.3}""");
        schema.AssertAccepts("""{"x":0.29999999999999999999}""");
        Assert.Equal(ArgumentProblemKind.AboveMaximum, schema.Single("""{"x":0.30000000000000000001}""").Kind);
    }

    [Theory]
    [InlineData("0.3", true)]
    [InlineData("0.7", true)]
    [InlineData("1e-1", true)]
    [InlineData("0.15", false)]
    [InlineData("-0.2", true)]
    public void Multiple_of_a_decimal_step_is_exact(string value, bool accepted)
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"x":{"type":"number","multipleOf":0.1}}}""");

        if (accepted)
        {
            schema.AssertAccepts($"{{\"x\":{value}}}");
        }
        else
        {
            Assert.Equal(ArgumentProblemKind.NotMultipleOf, schema.Single($"{{\"x\":{value}}}").Kind);
        }
    }

    [Fact]
    public void Both_bounds_of_a_value_are_reported_when_both_fail()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"x":{"type":"integer","minimum":10,"multipleOf":3}}}""");

        List<ArgumentProblem> problems = schema.Check("""{"x":4}""");

        Assert.Equal([ArgumentProblemKind.BelowMinimum, ArgumentProblemKind.NotMultipleOf], problems.Select(p => p.Kind));
    }
}
