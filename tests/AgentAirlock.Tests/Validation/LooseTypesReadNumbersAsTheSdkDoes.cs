using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>With StrictTypes off, numbers written as strings are accepted where the SDK reads them (AllowReadingFromString).</summary>
public sealed class LooseTypesReadNumbersAsTheSdkDoes
{
    [Theory]
    [InlineData("\"5\"")]
    [InlineData("\"-3\"")]
    [InlineData("\"\\u0035\"")]
    public void A_numeric_string_is_accepted_for_an_integer(string value)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        add.AssertAccepts($"{{\"a\":{value},\"b\":2}}", strictTypes: false);
        Assert.Single(add.Check($"{{\"a\":{value},\"b\":2}}", strictTypes: true));
    }

    [Theory]
    [InlineData("\"5.5\"", nameof(ArgumentProblemKind.NotInteger))]
    [InlineData("\"5.0\"", nameof(ArgumentProblemKind.NotInteger))]
    [InlineData("\"1e2\"", nameof(ArgumentProblemKind.NotInteger))]
    [InlineData("\"3000000000\"", nameof(ArgumentProblemKind.OutOfRange))]
    [InlineData("\"five\"", nameof(ArgumentProblemKind.WrongType))]
    [InlineData("\"\"", nameof(ArgumentProblemKind.WrongType))]
    [InlineData("\"NaN\"", nameof(ArgumentProblemKind.WrongType))]
    [InlineData("\"[5]\"", nameof(ArgumentProblemKind.WrongType))]
    public void A_string_that_is_not_an_integer_is_still_refused(string value, string kind)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        Assert.Equal(kind, add.Single($"{{\"a\":{value},\"b\":2}}", strictTypes: false).Kind.ToString());
    }

    [Theory]
    [InlineData("\" 5\"")]
    [InlineData("\"5 \"")]
    [InlineData("\"\\n5\"")]
    [InlineData("\"5\\t\"")]
    public void A_numeric_string_with_whitespace_is_refused_because_the_sdk_cannot_read_it(string value)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        Assert.NotEmpty(add.Check($"{{\"a\":{value},\"b\":2}}", strictTypes: false));
    }

    [Theory]
    [InlineData("\"0\"", nameof(ArgumentProblemKind.BelowMinimum))]
    [InlineData("\"51\"", nameof(ArgumentProblemKind.AboveMaximum))]
    public void Numbers_read_from_strings_are_still_range_checked(string value, string kind)
    {
        using ToolSchema search = ToolSchema.For(nameof(Tools.Search));

        Assert.Equal(kind, search.Single($"{{\"query\":\"q\",\"limit\":{value}}}", strictTypes: false).Kind.ToString());
        search.AssertAccepts("""{"query":"q","limit":"50"}""", strictTypes: false);
    }

    [Fact]
    public void Numbers_read_from_strings_are_checked_against_the_parameter_type()
    {
        using ToolSchema numbers = ToolSchema.For(nameof(Tools.Numbers));

        List<ArgumentProblem> problems = numbers.Check(
            """{"b":"256","us":"1","s":"1","sb":"1","ui":"1","l":"1","ul":"-1","f":"1.5","d":"1e2","m":"2.5"}""", strictTypes: false);

        Assert.Equal(["b", "ul"], problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.Equal(ArgumentProblemKind.OutOfRange, p.Kind));
    }

    [Fact]
    public void Other_types_are_not_loosened()
    {
        using ToolSchema flag = ToolSchema.For(nameof(Tools.Flag));
        using ToolSchema echo = ToolSchema.For(nameof(Tools.Echo));

        Assert.Equal(ArgumentProblemKind.WrongType, flag.Single("""{"loud":"true"}""", strictTypes: false).Kind);
        Assert.Equal(ArgumentProblemKind.WrongType, echo.Single("""{"text":5}""", strictTypes: false).Kind);
    }
}
