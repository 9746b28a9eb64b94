using System.Text.Json;
using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class StrictTypesRefuseCoercion
{
    [Fact]
    public void A_numeric_string_is_not_an_integer()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        ArgumentProblem problem = add.Single("""{"a":"5","b":2}""");

        Assert.Equal(ArgumentProblemKind.WrongType, problem.Kind);
        Assert.Equal("a", problem.Path);
        Assert.Equal(JsonValueKind.String, problem.Actual);
    }

    [Theory]
    [InlineData("5.5")]
    [InlineData("5.0")]
    [InlineData("5e0")]
    [InlineData("5E+0")]
    [InlineData("0.5e1")]
    [InlineData("-0.0")]
    [InlineData("1e2")]
    public void A_number_with_a_fraction_or_exponent_is_not_an_integer(string value)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        ArgumentProblem problem = add.Single($"{{\"a\":{value},\"b\":2}}");

        Assert.Equal(ArgumentProblemKind.NotInteger, problem.Kind);
        Assert.Equal("a", problem.Path);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-17")]
    [InlineData("2147483647")]
    public void Integer_literals_are_integers(string value)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        add.AssertAccepts($"{{\"a\":{value},\"b\":2}}");
    }

    [Theory]
    [InlineData("\"true\"", JsonValueKind.String)]
    [InlineData("1", JsonValueKind.Number)]
    [InlineData("0", JsonValueKind.Number)]
    [InlineData("null", JsonValueKind.Null)]
    [InlineData("[true]", JsonValueKind.Array)]
    public void Only_true_and_false_are_booleans(string value, JsonValueKind kind)
    {
        using ToolSchema flag = ToolSchema.For(nameof(Tools.Flag));

        ArgumentProblem problem = flag.Single($"{{\"loud\":{value}}}");

        Assert.Equal(ArgumentProblemKind.WrongType, problem.Kind);
        Assert.Equal(kind, problem.Actual);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("[\"x\"]")]
    [InlineData("{\"x\":1}")]
    public void Only_strings_are_strings(string value)
    {
        using ToolSchema echo = ToolSchema.For(nameof(Tools.Echo));

        Assert.Equal(ArgumentProblemKind.WrongType, echo.Single($"{{\"text\":{value}}}").Kind);
    }

    [Theory]
    [InlineData(nameof(Tools.Add), """{"a":null,"b":1}""", "a")]
    [InlineData(nameof(Tools.Echo), """{"text":null}""", "text")]
    [InlineData(nameof(Tools.Flag), """{"loud":null}""", "loud")]
    [InlineData(nameof(Tools.Lists), """{"ids":null,"tags":[]}""", "ids")]
    [InlineData(nameof(Tools.Person), """{"address":null}""", "address")]
    public void Null_is_not_a_value_of_a_non_nullable_parameter(string tool, string arguments, string path)
    {
        using ToolSchema schema = ToolSchema.For(tool);

        ArgumentProblem problem = schema.Single(arguments);

        Assert.Equal(ArgumentProblemKind.WrongType, problem.Kind);
        Assert.Equal(path, problem.Path);
        Assert.Equal(JsonValueKind.Null, problem.Actual);
    }

    [Fact]
    public void Null_is_a_value_of_nullable_parameters()
    {
        using ToolSchema optional = ToolSchema.For(nameof(Tools.Optional));

        optional.AssertAccepts("""{"count":null,"label":null,"shade":null}""");
    }

    [Fact]
    public void Nullable_parameters_still_check_their_type()
    {
        using ToolSchema optional = ToolSchema.For(nameof(Tools.Optional));

        List<ArgumentProblem> problems = optional.Check("""{"count":"5","label":5,"shade":"Purple"}""");

        Assert.Equal(["count", "label", "shade"], problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_array_item_of_the_wrong_type_is_reported_at_its_index()
    {
        using ToolSchema lists = ToolSchema.For(nameof(Tools.Lists));

        ArgumentProblem problem = lists.Single("""{"ids":[1,"2",3],"tags":[]}""");

        Assert.Equal(ArgumentProblemKind.WrongType, problem.Kind);
        Assert.Equal("ids[1]", problem.Path);
        Assert.Equal("ids", problem.Name);
    }
}
