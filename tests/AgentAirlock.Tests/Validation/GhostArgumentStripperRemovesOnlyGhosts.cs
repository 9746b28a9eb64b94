using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Protocol;
using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class GhostArgumentStripperRemovesOnlyGhosts
{
    private static string Strip(ToolSchema schema, string? arguments)
    {
        using JsonDocument? document = arguments is null ? null : JsonDocument.Parse(arguments);
        using var output = new PooledBufferWriter();
        GhostArgumentStripper.Write(output, (schema.Compiled.Root, document?.RootElement ?? default));
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");

    [Fact]
    public void Top_level_ghosts_are_removed()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        AssertSameJson("""{"a":1,"b":2}""", Strip(add, """{"ghost":"rm -rf /","a":1,"b":2,"B":3}"""));
    }

    [Fact]
    public void Ghosts_inside_nested_objects_are_removed_at_every_depth()
    {
        using ToolSchema person = ToolSchema.For(nameof(Tools.Person));

        string stripped = Strip(person, """{"address":{"street":"a","admin":true,"zip":1,"geo":{"lat":1,"lon":2,"alt":3}},"x":0}""");

        AssertSameJson("""{"address":{"street":"a","zip":1,"geo":{"lat":1,"lon":2}}}""", stripped);
    }

    [Fact]
    public void Ghosts_inside_array_items_and_recursive_types_are_removed()
    {
        using ToolSchema tree = ToolSchema.For(nameof(Tools.Tree));

        string stripped = Strip(tree, """{"root":{"name":"a","children":[{"name":"b","x":1,"children":[{"name":"c","y":[1],"children":null}]}]}}""");

        AssertSameJson("""{"root":{"name":"a","children":[{"name":"b","children":[{"name":"c","children":null}]}]}}""", stripped);
    }

    [Fact]
    public void Open_objects_keep_every_member()
    {
        using ToolSchema counts = ToolSchema.For(nameof(Tools.Counts));

        AssertSameJson("""{"counts":{"any":1,"key":2}}""", Strip(counts, """{"counts":{"any":1,"key":2},"ghost":1}"""));
    }

    [Fact]
    public void Declared_values_are_copied_with_their_exact_text()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"n":{"type":"number"},"s":{"type":"string"},"any":{}}}""");

        string stripped = Strip(schema, """{"n":1.50e0,"s":"caf\u00e9 \"q\"","any":{"deep":[1,{"k":null}]},"ghost":1}""");

        using JsonDocument document = JsonDocument.Parse(stripped);
        Assert.Equal("1.50e0", document.RootElement.GetProperty("n").GetRawText());
        Assert.Equal("café \"q\"", document.RootElement.GetProperty("s").GetString());
        AssertSameJson("""{"deep":[1,{"k":null}]}""", document.RootElement.GetProperty("any").GetRawText());
        Assert.False(document.RootElement.TryGetProperty("ghost", out _));
    }

    [Fact]
    public void Missing_arguments_become_an_empty_object()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        Assert.Equal("{}", Strip(add, arguments: null));
    }

    [Fact]
    public void The_stripped_arguments_have_no_ghosts_left()
    {
        using ToolSchema person = ToolSchema.For(nameof(Tools.Person));

        string stripped = Strip(person, """{"address":{"street":"a","zip":1,"q":1,"geo":{"lat":1,"lon":2,"r":2}},"s":3}""");

        Assert.Empty(person.Check(stripped));
    }

    [Fact]
    public void A_kept_value_holding_a_lone_surrogate_escape_is_copied_unchanged()
    {
        // An untyped argument may hold any JSON text; stripping a ghost next to it must not fail on it or change it.
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"any":{}}}""");

        string stripped = Strip(schema, """{"any":"\ud800","ghost":1}""");

        Assert.Equal("""{"any":"\ud800"}""", stripped, ignoreCase: true);
    }
}
