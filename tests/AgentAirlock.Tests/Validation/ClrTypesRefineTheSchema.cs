using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>
/// The JSON Schema says "integer" or "string"; the .NET parameter type says more. What passes must bind in the SDK.
/// </summary>
public sealed class ClrTypesRefineTheSchema
{
    private const string ValidNumbers = """{"b":1,"us":1,"s":1,"sb":1,"ui":1,"l":1,"ul":1,"f":1,"d":1,"m":1}""";

    private const string ValidScalars =
        """{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","when":"2025-01-31T09:30:00Z","at":"2025-01-31T09:30:00+01:00","link":"https://example.com/","letter":"a","day":"2025-01-31","span":"00:30:00","color":"Red","time":"09:30:00"}""";

    private static string With(string json, string member, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node[member] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return node.ToJsonString();
    }

    [Theory]
    [InlineData("3000000000")]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("99999999999999999999999")]
    public void An_integer_that_overflows_int_is_out_of_range(string value)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        ArgumentProblem problem = add.Single($"{{\"a\":{value},\"b\":1}}");

        Assert.Equal(ArgumentProblemKind.OutOfRange, problem.Kind);
        Assert.Equal("a", problem.Path);
    }

    [Theory]
    [InlineData("b", "0")]
    [InlineData("b", "255")]
    [InlineData("us", "65535")]
    [InlineData("s", "-32768")]
    [InlineData("s", "32767")]
    [InlineData("sb", "-128")]
    [InlineData("sb", "127")]
    [InlineData("ui", "4294967295")]
    [InlineData("l", "-9223372036854775808")]
    [InlineData("l", "9223372036854775807")]
    [InlineData("ul", "18446744073709551615")]
    [InlineData("f", "3.4e38")]
    [InlineData("f", "-3.4e38")]
    [InlineData("f", "1e-50")]
    [InlineData("d", "1.7e308")]
    [InlineData("d", "0.1")]
    [InlineData("m", "79228162514264337593543950335")]
    [InlineData("m", "-79228162514264337593543950335")]
    [InlineData("m", "0.0000000000000000000000000001")]
    public void Values_at_the_edges_of_their_type_are_accepted(string member, string value)
    {
        using ToolSchema numbers = ToolSchema.For(nameof(Tools.Numbers));

        numbers.AssertAccepts(With(ValidNumbers, member, value));
    }

    [Theory]
    [InlineData("b", "256")]
    [InlineData("b", "-1")]
    [InlineData("us", "65536")]
    [InlineData("us", "-1")]
    [InlineData("s", "-32769")]
    [InlineData("s", "32768")]
    [InlineData("sb", "-129")]
    [InlineData("sb", "128")]
    [InlineData("ui", "4294967296")]
    [InlineData("ui", "-1")]
    [InlineData("l", "-9223372036854775809")]
    [InlineData("l", "9223372036854775808")]
    [InlineData("ul", "18446744073709551616")]
    [InlineData("ul", "-1")]
    [InlineData("f", "3.5e38")]
    [InlineData("f", "-1e39")]
    [InlineData("d", "1e309")]
    [InlineData("d", "-1e309")]
    [InlineData("m", "79228162514264337593543950336")]
    [InlineData("m", "1e29")]
    public void Values_beyond_their_type_are_out_of_range(string member, string value)
    {
        using ToolSchema numbers = ToolSchema.For(nameof(Tools.Numbers));

        ArgumentProblem problem = numbers.Single(With(ValidNumbers, member, value));

        Assert.Equal(ArgumentProblemKind.OutOfRange, problem.Kind);
        Assert.Equal(member, problem.Path);
    }

    [Fact]
    public void Valid_scalars_of_every_converted_type_are_accepted()
    {
        using ToolSchema scalars = ToolSchema.For(nameof(Tools.Scalars));

        scalars.AssertAccepts(ValidScalars);
    }

    [Theory]
    [InlineData("id", "\"not-a-guid\"")]
    [InlineData("id", "\"3fa85f64-5717-4562-b3fc-2c963f66afa\"")]
    [InlineData("when", "\"yesterday\"")]
    [InlineData("when", "\"2025-01-31\"")]
    [InlineData("when", "\"2025-13-01T00:00:00Z\"")]
    [InlineData("at", "\"2025-01-31\"")]
    [InlineData("at", "\"31/01/2025 09:30\"")]
    [InlineData("link", "\"not a uri\"")]
    [InlineData("link", "\"relative/path\"")]
    [InlineData("letter", "\"ab\"")]
    [InlineData("letter", "\"\"")]
    [InlineData("letter", "\"😀\"")]
    [InlineData("day", "\"2025-02-30\"")]
    [InlineData("day", "\"2025-01-31T00:00:00\"")]
    [InlineData("span", "\"30 minutes\"")]
    [InlineData("time", "\"25:00:00\"")]
    public void Strings_that_do_not_convert_to_the_parameter_type_are_refused(string member, string value)
    {
        using ToolSchema scalars = ToolSchema.For(nameof(Tools.Scalars));

        List<ArgumentProblem> problems = scalars.Check(With(ValidScalars, member, value));

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal(member, p.Path));
        Assert.Contains(problems, p => p.Kind is ArgumentProblemKind.InvalidFormat or ArgumentProblemKind.PatternMismatch
            or ArgumentProblemKind.TooLong or ArgumentProblemKind.TooShort);
    }

    [Theory]
    [InlineData("id", "1")]
    [InlineData("when", "1738315800")]
    [InlineData("letter", "97")]
    [InlineData("span", "1800")]
    public void Numbers_are_not_accepted_for_string_shaped_types(string member, string value)
    {
        using ToolSchema scalars = ToolSchema.For(nameof(Tools.Scalars));

        Assert.Equal(ArgumentProblemKind.WrongType, scalars.Single(With(ValidScalars, member, value)).Kind);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("when")]
    [InlineData("at")]
    [InlineData("link")]
    [InlineData("letter")]
    [InlineData("day")]
    [InlineData("span")]
    [InlineData("color")]
    [InlineData("time")]
    public void A_lone_surrogate_in_a_typed_string_is_refused_as_invalid_text_not_thrown(string member)
    {
        using ToolSchema scalars = ToolSchema.For(nameof(Tools.Scalars));

        List<ArgumentProblem> problems = scalars.Check(ValidScalars.Replace(
            $"\"{member}\":\"", $"\"{member}\":\"\\ud800", StringComparison.Ordinal));

        ArgumentProblem problem = Assert.Single(problems);
        Assert.Equal(member, problem.Path);
    }
}
