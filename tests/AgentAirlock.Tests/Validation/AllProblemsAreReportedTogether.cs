using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class AllProblemsAreReportedTogether
{
    [Fact]
    public void Every_problem_of_a_call_is_found_in_one_pass()
    {
        using ToolSchema ranges = ToolSchema.For(nameof(Tools.Ranges));

        List<ArgumentProblem> problems = ranges.Check("""{"limit":"10","ratio":99,"above":1.5,"ghost":true}""");

        Assert.Equal(
            ["limit:WrongType", "ratio:AboveMaximum", "above:NotInteger", "ghost:Unknown", "below:Missing"],
            problems.Select(p => $"{p.Path}:{p.Kind}"));
    }

    [Fact]
    public void Problems_at_several_depths_are_all_reported()
    {
        using ToolSchema person = ToolSchema.For(nameof(Tools.Person));

        List<ArgumentProblem> problems = person.Check("""{"address":{"street":1,"zip":"x","geo":{"lat":"n","x":0}},"y":1}""");

        Assert.Equal(
            ["address.street", "address.zip", "address.geo.lat", "address.geo.x", "y"],
            problems.Select(p => p.Path));
    }

    [Fact]
    public void A_value_that_fails_its_type_is_not_also_reported_for_its_range()
    {
        using ToolSchema search = ToolSchema.For(nameof(Tools.Search));

        ArgumentProblem problem = search.Single("""{"query":"q","limit":"500"}""");

        Assert.Equal(ArgumentProblemKind.WrongType, problem.Kind);
    }
}
