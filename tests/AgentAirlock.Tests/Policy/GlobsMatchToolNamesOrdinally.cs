using AgentAirlock.Policy;
using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Policy;

public sealed class GlobsMatchToolNamesOrdinally
{
    private static bool Matches(string pattern, string text) => Policies.Glob(pattern).IsMatch(text);

    [Theory]
    [InlineData("read_*", "read_file", true)]
    [InlineData("read_*", "read_", true)]
    [InlineData("read_*", "read", false)]
    [InlineData("read_*", "xread_file", false)]
    [InlineData("*_production", "drop_production", true)]
    [InlineData("*_production", "_production", true)]
    [InlineData("*_production", "drop_production_db", false)]
    [InlineData("get_*_v2", "get_user_v2", true)]
    [InlineData("get_*_v2", "get__v2", true)]
    [InlineData("get_*_v2", "get_user_v3", false)]
    [InlineData("*", "anything_at_all", true)]
    [InlineData("*", "", true)]
    public void A_star_matches_any_run_of_characters_at_the_start_middle_or_end(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, text));
    }

    [Theory]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxcyyb", false)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b*", "xxbxxaxx", false)]
    [InlineData("**", "", true)]
    [InlineData("a**b", "ab", true)]
    [InlineData("*_*_*", "a_b_c", true)]
    [InlineData("*_*_*", "a_b", false)]
    [InlineData("*ab", "aab", true)]
    [InlineData("*aab", "aaab", true)]
    [InlineData("*a?c", "abxabc", true)]
    public void Several_stars_backtrack_to_find_a_match(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, text));
    }

    [Theory]
    [InlineData("read_?ile", "read_file", true)]
    [InlineData("read_?ile", "read_mile", true)]
    [InlineData("read_?ile", "read_ile", false)]
    [InlineData("read_?ile", "read_fxile", false)]
    [InlineData("?", "a", true)]
    [InlineData("?", "", false)]
    [InlineData("??", "a", false)]
    public void A_question_mark_matches_exactly_one_character(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, text));
    }

    [Theory]
    [InlineData("[abc]_x", "a_x", true)]
    [InlineData("[abc]_x", "c_x", true)]
    [InlineData("[abc]_x", "d_x", false)]
    [InlineData("[abc]_x", "ab_x", false)]
    [InlineData("v[0-9]", "v7", true)]
    [InlineData("v[0-9]", "v0", true)]
    [InlineData("v[0-9]", "v9", true)]
    [InlineData("v[0-9]", "vx", false)]
    [InlineData("[a-cx-z]1", "b1", true)]
    [InlineData("[a-cx-z]1", "y1", true)]
    [InlineData("[a-cx-z]1", "m1", false)]
    [InlineData("[!a]*", "bob", true)]
    [InlineData("[!a]*", "alice", false)]
    [InlineData("[!a-c]", "d", true)]
    [InlineData("[!a-c]", "b", false)]
    [InlineData("[a-]", "-", true)]
    public void A_set_matches_one_character_of_or_not_of_its_members(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, text));
    }

    [Theory]
    [InlineData("Read_*", "read_file")]
    [InlineData("read_*", "READ_FILE")]
    [InlineData("[A-Z]*", "lower")]
    [InlineData("delete_record", "Delete_record")]
    [InlineData("i", "\u0130")]
    public void Matching_is_case_sensitive(string pattern, string text)
    {
        Assert.False(Matches(pattern, text));
    }

    [Theory]
    [InlineData("delete_record", "delete_record", true)]
    [InlineData("delete_record", "delete_records", false)]
    [InlineData("delete_record", "delete_recor", false)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("a+", "aa", false)]
    [InlineData("a+", "a+", true)]
    [InlineData("(x)|y", "(x)|y", true)]
    [InlineData("^tool$", "^tool$", true)]
    [InlineData("outil_\u00e9t\u00e9", "outil_\u00e9t\u00e9", true)]
    public void Other_characters_match_only_themselves(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, text));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("?")]
    [InlineData("[a]")]
    [InlineData("a*")]
    public void Empty_text_matches_only_patterns_that_can_be_empty(string pattern)
    {
        Assert.False(Matches(pattern, string.Empty));
    }

    [Fact]
    public void A_lone_star_is_known_to_match_everything()
    {
        Assert.True(Policies.Glob("*").IsMatchAll);
        Assert.True(Policies.Glob("***").IsMatchAll);
        Assert.False(Policies.Glob("*a").IsMatchAll);
    }

    [Fact]
    public void A_glob_keeps_its_pattern_text()
    {
        Glob glob = Policies.Glob("read_[!x]*");

        Assert.Equal("read_[!x]*", glob.Pattern);
        Assert.Equal("read_[!x]*", glob.ToString());
    }

    [Fact]
    public void Long_names_against_many_stars_still_match_correctly()
    {
        string text = new string('a', 5000) + "b";

        Assert.True(Matches("*a*a*a*a*a*b", text));
        Assert.False(Matches("*a*a*a*a*a*c", text));
    }

    /// <summary>The reference (Python) implementation's vectors: allowed <c>read_?ile</c> and <c>[ab]*</c>.</summary>
    [Theory]
    [InlineData("read_file", true)]
    [InlineData("alpha", true)]
    [InlineData("beta", true)]
    [InlineData("cat", false)]
    public void The_reference_vectors_give_the_same_answers(string tool, bool allowed)
    {
        Glob[] globs = [Policies.Glob("read_?ile"), Policies.Glob("[ab]*")];
        Assert.Equal(allowed, globs.Any(g => g.IsMatch(tool)));

        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Vectors", allowed: ["read_?ile", "[ab]*"]);
            o.DefaultPolicy = "Vectors";
        });
        Assert.Equal(allowed ? ToolAccess.Allowed : ToolAccess.NotAllowed, set.Default.Access(tool, out _));
    }
}
