using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class ArraysAreChecked
{
    [Theory]
    [InlineData("[1]")]
    [InlineData("[1,2,3]")]
    public void Arrays_within_the_item_counts_are_accepted(string ids)
    {
        using ToolSchema lists = ToolSchema.For(nameof(Tools.Lists));

        lists.AssertAccepts($"{{\"ids\":{ids},\"tags\":[\"a\",\"b\"]}}");
    }

    [Theory]
    [InlineData("[]", nameof(ArgumentProblemKind.TooFewItems))]
    [InlineData("[1,2,3,4]", nameof(ArgumentProblemKind.TooManyItems))]
    public void Arrays_outside_the_item_counts_are_refused(string ids, string kind)
    {
        using ToolSchema lists = ToolSchema.For(nameof(Tools.Lists));

        ArgumentProblem problem = lists.Single($"{{\"ids\":{ids},\"tags\":[]}}");

        Assert.Equal(kind, problem.Kind.ToString());
        Assert.Equal("ids", problem.Path);
    }

    [Fact]
    public void Every_bad_item_is_reported_with_its_index()
    {
        using ToolSchema lists = ToolSchema.For(nameof(Tools.Lists));

        List<ArgumentProblem> problems = lists.Check("""{"ids":[1.5,2,"3"],"tags":["a",1,null]}""");

        Assert.Equal(["ids[0]", "ids[2]", "tags[1]", "tags[2]"], problems.Select(p => p.Path));
    }

    [Fact]
    public void An_object_is_not_an_array()
    {
        using ToolSchema lists = ToolSchema.For(nameof(Tools.Lists));

        Assert.Equal(ArgumentProblemKind.WrongType, lists.Single("""{"ids":{"0":1},"tags":[]}""").Kind);
    }

    [Theory]
    [InlineData("""["a","b"]""", true)]
    [InlineData("""["a","a"]""", false)]
    [InlineData("""["a","\u0061"]""", false)]
    [InlineData("""[]""", true)]
    public void Unique_items_compare_strings_by_value(string items, bool accepted)
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"s":{"type":"array","items":{"type":"string"},"uniqueItems":true}}}""");

        Assert.Equal(accepted, schema.Accepts($"{{\"s\":{items}}}"));
    }

    [Theory]
    [InlineData("[1,2,3]", true)]
    [InlineData("[1,2,1]", false)]
    [InlineData("[[1],[1]]", false)]
    [InlineData("[{\"a\":1},{\"a\":2}]", true)]
    [InlineData("[{\"a\":1},{\"a\":1}]", false)]
    public void Unique_items_compare_other_values_by_their_json(string items, bool accepted)
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"s":{"type":"array","uniqueItems":true}}}""");

        Assert.Equal(accepted, schema.Accepts($"{{\"s\":{items}}}"));
    }

    [Fact]
    public void Nested_arrays_check_their_items_at_every_level()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"m":{"type":"array","items":{"type":"array","items":{"type":"integer"},"maxItems":2}}}}""");

        List<ArgumentProblem> problems = schema.Check("""{"m":[[1,2],[3,"x"],[1,2,3]]}""");

        Assert.Equal(["m[1][1]", "m[2]"], problems.Select(p => p.Path));
    }
}
