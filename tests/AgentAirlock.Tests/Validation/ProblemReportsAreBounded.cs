using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>A body may carry thousands of bad members; the check reports a bounded number and counts the rest.</summary>
public sealed class ProblemReportsAreBounded
{
    private static string ManyGhosts(int count) =>
        "{\"a\":1,\"b\":2," + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"g{i}\":{i}")) + "}";

    [Theory]
    [InlineData(ValidationScratch.MaxReportedProblems)]
    [InlineData(ValidationScratch.MaxReportedProblems + 1)]
    [InlineData(1000)]
    public void A_call_with_many_ghosts_is_checked_without_failing(int ghosts)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        (int reported, int unreported, bool other) = add.WithScratch(ManyGhosts(ghosts), strictTypes: true,
            scratch => (scratch.Problems.Count, scratch.UnreportedGhosts, scratch.HasNonGhostProblem));

        Assert.Equal(Math.Min(ghosts, ValidationScratch.MaxReportedProblems), reported);
        Assert.Equal(ghosts - reported, unreported);
        Assert.False(other);
    }

    [Fact]
    public void Ghosts_over_the_limit_do_not_hide_other_problems()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));
        string arguments = ManyGhosts(80).Replace("\"a\":1", "\"a\":\"1\"", StringComparison.Ordinal);

        List<ArgumentProblem> problems = add.WithScratch(arguments, strictTypes: true, scratch => scratch.Problems.ToList());

        Assert.Contains(problems, p => p.Kind == ArgumentProblemKind.WrongType && p.Path == "a");
        Assert.All(problems.Where(p => p.Path.StartsWith('g')), p => Assert.Equal(ArgumentProblemKind.Unknown, p.Kind));
    }

    [Fact]
    public void Many_bad_values_are_bounded_too()
    {
        using ToolSchema counts = ToolSchema.For(nameof(Tools.Counts));
        string arguments = "{\"counts\":{" + string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"k{i}\":\"x\"")) + "}}";

        (int reported, int unreported) = counts.WithScratch(arguments, strictTypes: true, scratch => (scratch.Problems.Count, scratch.UnreportedOthers));

        Assert.Equal(ValidationScratch.MaxReportedProblems, reported);
        Assert.Equal(500 - ValidationScratch.MaxReportedProblems, unreported);
    }
}
