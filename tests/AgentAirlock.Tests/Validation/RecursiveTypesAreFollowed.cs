using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>A recursive .NET type produces a schema with a local <c>$ref</c> back to itself.</summary>
public sealed class RecursiveTypesAreFollowed
{
    [Fact]
    public void The_schema_of_a_recursive_type_uses_a_local_reference_and_compiles()
    {
        using ToolSchema tree = ToolSchema.For(nameof(Tools.Tree));

        Assert.Contains("\"$ref\"", tree.InputSchema.GetRawText(), StringComparison.Ordinal);
        Assert.Null(tree.Compiled.Error);
    }

    [Fact]
    public void A_deep_valid_tree_is_accepted()
    {
        using ToolSchema tree = ToolSchema.For(nameof(Tools.Tree));

        tree.AssertAccepts("""{"root":{"name":"a","children":[{"name":"b","children":[{"name":"c","children":null},{"name":"d","children":[]}]}]}}""");
    }

    [Fact]
    public void A_ghost_deep_in_the_recursion_is_found()
    {
        using ToolSchema tree = ToolSchema.For(nameof(Tools.Tree));

        ArgumentProblem ghost = tree.Single("""{"root":{"name":"a","children":[{"name":"b","children":[{"name":"c","admin":true}]}]}}""");

        Assert.Equal(ArgumentProblemKind.Unknown, ghost.Kind);
        Assert.Equal("root.children[0].children[0].admin", ghost.Path);
    }

    [Fact]
    public void A_wrong_type_deep_in_the_recursion_is_found()
    {
        using ToolSchema tree = ToolSchema.For(nameof(Tools.Tree));

        ArgumentProblem problem = tree.Single("""{"root":{"name":"a","children":[{"name":"b","children":[{"name":5}]}]}}""");

        Assert.Equal(ArgumentProblemKind.WrongType, problem.Kind);
        Assert.Equal("root.children[0].children[0].name", problem.Path);
    }

    [Fact]
    public void A_schema_with_definitions_and_references_between_them_is_followed()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"list":{"$ref":"#/$defs/list"}},"$defs":{"list":{"type":["object","null"],"properties":{"head":{"type":"integer"},"tail":{"$ref":"#/$defs/list"}},"required":["head"]}}}""");

        Assert.Null(schema.Compiled.Error);
        schema.AssertAccepts("""{"list":{"head":1,"tail":{"head":2,"tail":null}}}""");
        Assert.Equal("list.tail.tail.head", schema.Single("""{"list":{"head":1,"tail":{"head":2,"tail":{"head":"3"}}}}""").Path);
        Assert.Equal("list.tail.x", schema.Single("""{"list":{"head":1,"tail":{"head":2,"x":0}}}""").Path);
    }

    [Fact]
    public void A_reference_that_resolves_nowhere_makes_the_schema_unusable()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}""");

        Assert.NotNull(schema.Compiled.Error);
    }
}
