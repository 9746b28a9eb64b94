using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>Objects whose .NET type lists its members are closed: anything else in them is a ghost, at any depth.</summary>
public sealed class NestedObjectsAreClosed
{
    [Fact]
    public void A_complete_nested_object_is_accepted()
    {
        using ToolSchema person = ToolSchema.For(nameof(Tools.Person));

        person.AssertAccepts("""{"address":{"street":"Main","zip":12345,"geo":{"lat":1.5,"lon":-2}}}""");
        person.AssertAccepts("""{"address":{"street":"Main","zip":1,"geo":null}}""");
    }

    [Theory]
    [InlineData("""{"ghost":1}""", "ghost")]
    [InlineData("""{"address":{"street":"a","zip":1,"country":"x"}}""", "address.country")]
    [InlineData("""{"address":{"street":"a","zip":1,"geo":{"lat":1,"lon":2,"alt":3}}}""", "address.geo.alt")]
    [InlineData("""{"address":{"Street":"a","zip":1}}""", "address.Street")]
    public void A_member_the_type_does_not_declare_is_a_ghost_at_any_depth(string extra, string path)
    {
        using ToolSchema person = ToolSchema.For(nameof(Tools.Person));
        var arguments = System.Text.Json.Nodes.JsonNode.Parse("""{"address":{"street":"a","zip":1}}""")!.AsObject();
        foreach ((string key, System.Text.Json.Nodes.JsonNode? value) in System.Text.Json.Nodes.JsonNode.Parse(extra)!.AsObject())
        {
            arguments[key] = value?.DeepClone();
        }

        List<ArgumentProblem> problems = person.Check(arguments.ToJsonString());

        ArgumentProblem ghost = Assert.Single(problems, p => p.IsGhost);
        Assert.Equal(path, ghost.Path);
        Assert.Equal(ArgumentProblemKind.Unknown, ghost.Kind);
    }

    [Fact]
    public void Ghosts_inside_array_items_are_found()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"people":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}}}}""");

        ArgumentProblem ghost = schema.Single("""{"people":[{"name":"a"},{"name":"b","role":"admin"}]}""");

        Assert.Equal(ArgumentProblemKind.Unknown, ghost.Kind);
        Assert.Equal("people[1].role", ghost.Path);
        Assert.Equal("role", ghost.Name);
    }

    [Fact]
    public void An_object_schema_that_lists_no_members_is_open()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"bag":{"type":"object"}}}""");

        schema.AssertAccepts("""{"bag":{"anything":1,"goes":[true]}}""");
    }

    [Fact]
    public void An_explicit_additional_properties_false_closes_an_object_without_members()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"bag":{"type":"object","additionalProperties":false}}}""");

        Assert.Equal("bag.x", schema.Single("""{"bag":{"x":1}}""").Path);
    }

    [Fact]
    public void An_explicit_additional_properties_true_opens_a_declared_object()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"o":{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":true}}}""");

        schema.AssertAccepts("""{"o":{"a":1,"b":2}}""");
    }

    [Fact]
    public void The_arguments_object_is_closed_even_when_its_schema_lists_nothing()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object"}""");

        Assert.Equal(ArgumentProblemKind.Unknown, schema.Single("""{"x":1}""").Kind);
    }

    [Fact]
    public void Members_named_by_required_alone_are_declared()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","required":["a"]}""");

        schema.AssertAccepts("""{"a":[1,{"x":2}]}""");
        Assert.Equal(ArgumentProblemKind.Missing, schema.Single("{}").Kind);
    }
}
