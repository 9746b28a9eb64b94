using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class UncoveredKeywordsAreCheckedByTheFullValidator
{
    [Fact]
    public void Schemas_made_of_covered_keywords_need_no_full_validation()
    {
        foreach (string tool in new[] { nameof(Tools.Add), nameof(Tools.Ranges), nameof(Tools.Strings), nameof(Tools.Lists), nameof(Tools.Person), nameof(Tools.Counts), nameof(Tools.Numbers), nameof(Tools.Scalars) })
        {
            using ToolSchema schema = ToolSchema.For(tool);
            Assert.True(schema.Compiled.UncoveredKeywords.Count == 0, $"{tool}: {string.Join(", ", schema.Compiled.UncoveredKeywords)}");
            Assert.False(schema.Compiled.NeedsFullValidation);
        }
    }

    [Fact]
    public void An_email_format_on_a_plain_string_is_listed_as_uncovered()
    {
        using ToolSchema email = ToolSchema.For(nameof(Tools.Email));

        Assert.Contains("format:email", email.Compiled.UncoveredKeywords);
        Assert.True(email.Compiled.NeedsFullValidation);
    }

    [Theory]
    [InlineData("user@example.com", true)]
    [InlineData("not-an-email", false)]
    [InlineData("", false)]
    public void The_full_validator_reports_what_the_email_format_refuses(string value, bool valid)
    {
        using ToolSchema email = ToolSchema.For(nameof(Tools.Email));

        List<ArgumentProblem> problems = email.Check(System.Text.Json.JsonSerializer.Serialize(new { email = value }));

        if (valid)
        {
            Assert.Empty(problems);
        }
        else
        {
            ArgumentProblem problem = Assert.Single(problems);
            Assert.Equal(ArgumentProblemKind.Schema, problem.Kind);
            Assert.Equal("email", problem.Path);
            Assert.Contains("email", problem.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnyOf_is_uncovered_and_its_violations_are_reported()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"x":{"anyOf":[{"type":"string"},{"type":"integer"}]}},"required":["x"]}""");

        Assert.Contains("anyOf", schema.Compiled.UncoveredKeywords);
        schema.AssertAccepts("""{"x":"s"}""");
        schema.AssertAccepts("""{"x":3}""");
        ArgumentProblem problem = schema.Single("""{"x":true}""");
        Assert.Equal(ArgumentProblemKind.Schema, problem.Kind);
        Assert.Equal("x", problem.Path);
    }

    [Fact]
    public void Problems_the_compiled_checker_found_are_not_reported_twice()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"x":{"anyOf":[{"type":"string"},{"type":"integer"}]},"n":{"type":"integer"}},"required":["x","n"]}""");

        List<ArgumentProblem> problems = schema.Check("""{"x":"s","n":"1","ghost":1}""");

        Assert.Equal(2, problems.Count);
        Assert.Equal(["ghost", "n"], problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PatternProperties_are_uncovered_and_their_violations_are_reported()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"o":{"type":"object","patternProperties":{"^n_":{"type":"integer"}}}}}""");

        Assert.Contains("patternProperties", schema.Compiled.UncoveredKeywords);
        schema.AssertAccepts("""{"o":{"n_a":1}}""");
        ArgumentProblem problem = schema.Single("""{"o":{"n_a":"one"}}""");
        Assert.Equal(ArgumentProblemKind.Schema, problem.Kind);
    }

    [Fact]
    public void Members_matched_by_patternProperties_of_the_arguments_object_are_not_ghosts()
    {
        // A tool that takes "n_*" arguments declares them through patternProperties; they are not undeclared.
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"mode":{"type":"string"}},"patternProperties":{"^n_":{"type":"integer"}}}""");

        schema.AssertAccepts("""{"mode":"x","n_count":1}""");
        Assert.NotEmpty(schema.Check("""{"mode":"x","n_count":"one"}"""));
    }

    [Fact]
    public void OneOf_allOf_and_not_are_uncovered()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"a":{"oneOf":[{"type":"string"}]},"b":{"allOf":[{"minimum":1}]},"c":{"not":{"enum":["x"]}}}}""");

        Assert.Equal(["allOf", "not", "oneOf"], schema.Compiled.UncoveredKeywords.Order(StringComparer.Ordinal));
        Assert.NotEmpty(schema.Check("""{"c":"x"}"""));
        Assert.NotEmpty(schema.Check("""{"b":0}"""));
        schema.AssertAccepts("""{"a":"s","b":2,"c":"y"}""");
    }

    [Fact]
    public void A_denied_values_attribute_reaches_the_full_validator()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"dv":{"type":"string","not":{"enum":["x"]}}},"required":["dv"]}""");

        Assert.NotEmpty(schema.Check("""{"dv":"x"}"""));
        schema.AssertAccepts("""{"dv":"y"}""");
    }

    [Theory]
    [InlineData("""{"email":12345678901234567890}""")]
    [InlineData("""{"email":"user@example.com","ghost":-99999999999999999999}""")]
    [InlineData("""{"email":[1e400]}""")]
    public void A_huge_number_is_reported_not_thrown_by_the_full_validator(string arguments)
    {
        // Newtonsoft reads integers beyond long as BigInteger, which NJsonSchema cannot convert (InvalidCastException).
        using ToolSchema email = ToolSchema.For(nameof(Tools.Email));

        List<ArgumentProblem> problems = email.Check(arguments);

        Assert.NotEmpty(problems);
    }
}
