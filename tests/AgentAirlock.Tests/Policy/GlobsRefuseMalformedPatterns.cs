using AgentAirlock.Policy;
using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Policy;

public sealed class GlobsRefuseMalformedPatterns
{
    private static string Error(string? pattern)
    {
        Glob? glob = Glob.TryParse(pattern, out string? error);
        Assert.Null(glob);
        Assert.NotNull(error);
        return error;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_glob_is_refused(string? pattern)
    {
        Assert.Equal("a glob may not be empty", Error(pattern));
    }

    [Theory]
    [InlineData("[abc", "'[' at position 1 has no closing ']'")]
    [InlineData("read_[abc", "'[' at position 6 has no closing ']'")]
    [InlineData("[", "'[' at position 1 has no closing ']'")]
    [InlineData("[]", "'[' at position 1 has no closing ']'")]
    public void An_unclosed_set_is_refused_with_its_position(string pattern, string expected)
    {
        Assert.Equal(expected, Error(pattern));
    }

    [Theory]
    [InlineData("]x", "']' at position 1 has no opening '['")]
    [InlineData("read]", "']' at position 5 has no opening '['")]
    [InlineData("[a]]", "']' at position 4 has no opening '['")]
    public void A_closing_bracket_without_an_opening_one_is_refused(string pattern, string expected)
    {
        Assert.Equal(expected, Error(pattern));
    }

    [Theory]
    [InlineData("[z-a]", "the range 'z-a' runs backwards")]
    [InlineData("v[9-0]", "the range '9-0' runs backwards")]
    [InlineData("[!c-a]", "the range 'c-a' runs backwards")]
    public void A_backwards_range_is_refused(string pattern, string expected)
    {
        Assert.Equal(expected, Error(pattern));
    }

    [Theory]
    [InlineData("[!]", "the set at position 1 is empty")]
    [InlineData("x[^]", "the set at position 2 is empty")]
    public void An_empty_set_is_refused(string pattern, string expected)
    {
        Assert.Equal(expected, Error(pattern));
    }

    [Theory]
    [InlineData("[a-a]")]
    [InlineData("[]a]")]
    [InlineData("[!a-]")]
    public void Edge_sets_that_are_well_formed_are_accepted(string pattern)
    {
        Assert.NotNull(Glob.TryParse(pattern, out string? error));
        Assert.Null(error);
    }

    [Fact]
    public void A_closing_bracket_first_in_a_set_is_a_member()
    {
        Glob glob = Policies.Glob("[]a]");

        Assert.True(glob.IsMatch("]"));
        Assert.True(glob.IsMatch("a"));
        Assert.False(glob.IsMatch("b"));
    }
}
