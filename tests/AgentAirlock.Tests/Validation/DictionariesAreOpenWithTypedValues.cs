using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class DictionariesAreOpenWithTypedValues
{
    [Fact]
    public void Any_key_is_accepted_with_a_value_of_the_declared_type()
    {
        using ToolSchema counts = ToolSchema.For(nameof(Tools.Counts));

        counts.AssertAccepts("""{"counts":{}}""");
        counts.AssertAccepts("""{"counts":{"apples":1,"Pears":2,"with space":-3,"é":0}}""");
    }

    [Theory]
    [InlineData("""{"counts":{"a":"1"}}""", "counts.a", nameof(ArgumentProblemKind.WrongType))]
    [InlineData("""{"counts":{"a":1,"b":1.5}}""", "counts.b", nameof(ArgumentProblemKind.NotInteger))]
    [InlineData("""{"counts":{"a":null}}""", "counts.a", nameof(ArgumentProblemKind.WrongType))]
    [InlineData("""{"counts":{"big":3000000000}}""", "counts.big", nameof(ArgumentProblemKind.OutOfRange))]
    public void Values_of_the_wrong_type_are_refused_under_their_key(string arguments, string path, string kind)
    {
        using ToolSchema counts = ToolSchema.For(nameof(Tools.Counts));

        ArgumentProblem problem = counts.Single(arguments);

        Assert.Equal(kind, problem.Kind.ToString());
        Assert.Equal(path, problem.Path);
    }

    [Fact]
    public void Dictionary_keys_are_not_ghosts_but_top_level_extras_are()
    {
        using ToolSchema counts = ToolSchema.For(nameof(Tools.Counts));

        ArgumentProblem problem = counts.Single("""{"counts":{"x":1},"extra":1}""");

        Assert.Equal(ArgumentProblemKind.Unknown, problem.Kind);
        Assert.Equal("extra", problem.Path);
    }
}
