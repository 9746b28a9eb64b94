using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class EnumValuesAreExact
{
    private const string ValidScalars =
        """{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","when":"2025-01-31T09:30:00Z","at":"2025-01-31T09:30:00+01:00","link":"https://example.com/","letter":"a","day":"2025-01-31","span":"00:30:00","color":"Red","time":"09:30:00"}""";

    private static string Scalars(string member, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ValidScalars)!.AsObject();
        node[member] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return node.ToJsonString();
    }

    [Fact]
    public void A_declared_enum_name_is_accepted()
    {
        using ToolSchema scalars = ToolSchema.For(nameof(Tools.Scalars));

        scalars.AssertAccepts(ValidScalars);
        scalars.AssertAccepts(Scalars("color", "\"Blue\""));
    }

    [Theory]
    [InlineData("\"Purple\"")]
    [InlineData("\"red\"")]
    [InlineData("\"RED\"")]
    [InlineData("\" Red\"")]
    [InlineData("\"0\"")]
    public void A_value_outside_the_enum_is_refused(string value)
    {
        using ToolSchema scalars = ToolSchema.For(nameof(Tools.Scalars));

        ArgumentProblem problem = scalars.Single(Scalars("color", value));

        // The enum's converter or the enum keyword refuses it; either way it is refused as a value, not a type.
        Assert.Contains(problem.Kind, new[] { ArgumentProblemKind.NotInEnum, ArgumentProblemKind.InvalidFormat });
        Assert.Equal("color", problem.Path);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public void The_ordinal_of_an_enum_is_not_accepted(string value)
    {
        using ToolSchema scalars = ToolSchema.For(nameof(Tools.Scalars));

        Assert.Equal(ArgumentProblemKind.WrongType, scalars.Single(Scalars("color", value)).Kind);
    }

    [Fact]
    public void A_nullable_enum_accepts_null_and_its_names_only()
    {
        using ToolSchema optional = ToolSchema.For(nameof(Tools.Optional));

        optional.AssertAccepts("""{"count":1,"label":"x","shade":null}""");
        optional.AssertAccepts("""{"count":1,"label":"x","shade":"Green"}""");
        Assert.Equal(ArgumentProblemKind.NotInEnum, optional.Single("""{"count":1,"label":"x","shade":"green"}""").Kind);
    }

    [Fact]
    public void A_schema_enum_compares_strings_by_their_decoded_value()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"m":{"type":"string","enum":["fast","slow"]}}}""");

        schema.AssertAccepts("""{"m":"f\u0061st"}""");
        Assert.Equal(ArgumentProblemKind.NotInEnum, schema.Single("""{"m":"Fast"}""").Kind);
    }

    [Fact]
    public void A_const_value_is_enforced()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"v":{"const":"v1"}}}""");

        schema.AssertAccepts("""{"v":"v1"}""");
        Assert.Equal(ArgumentProblemKind.NotConst, schema.Single("""{"v":"v2"}""").Kind);
    }
}
