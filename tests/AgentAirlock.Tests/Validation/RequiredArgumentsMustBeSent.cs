using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class RequiredArgumentsMustBeSent
{
    [Fact]
    public void Each_missing_required_argument_is_reported()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        List<ArgumentProblem> problems = add.Check("{}");

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(ArgumentProblemKind.Missing, p.Kind));
        Assert.Equal(["a", "b"], problems.Select(p => p.Path));
    }

    [Fact]
    public void A_call_without_arguments_misses_every_required_argument()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        List<ArgumentProblem> problems = add.Check(argumentsJson: null);

        Assert.Equal(["a", "b"], problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.Equal(ArgumentProblemKind.Missing, p.Kind));
    }

    [Fact]
    public void Parameters_with_defaults_may_be_left_out()
    {
        using ToolSchema search = ToolSchema.For(nameof(Tools.Search));

        search.AssertAccepts("""{"query":"x"}""");
        Assert.Equal("query", search.Single("""{"limit":5}""").Path);
    }

    [Fact]
    public void An_argument_spelled_in_another_case_does_not_count_as_sent()
    {
        // The SDK binds argument names case-sensitively: "A" leaves "a" missing.
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        List<ArgumentProblem> problems = add.Check("""{"A":1,"b":2}""");

        Assert.Contains(problems, p => p.Kind == ArgumentProblemKind.Missing && p.Path == "a");
        Assert.Contains(problems, p => p.Kind == ArgumentProblemKind.Unknown && p.Path == "A");
    }

    [Fact]
    public void A_tool_without_parameters_accepts_no_arguments_and_an_empty_object()
    {
        using ToolSchema none = ToolSchema.FromJson("""{"type":"object","properties":{}}""");

        Assert.Empty(none.Check(argumentsJson: null));
        Assert.Empty(none.Check("{}"));
        Assert.Equal(ArgumentProblemKind.Unknown, none.Single("""{"x":1}""").Kind);
    }

    [Fact]
    public void Required_members_of_nested_objects_are_checked()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"o":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}},"required":["o"]}""");

        ArgumentProblem problem = schema.Single("""{"o":{}}""");

        Assert.Equal(ArgumentProblemKind.Missing, problem.Kind);
        Assert.Equal("o.x", problem.Path);
    }
}
