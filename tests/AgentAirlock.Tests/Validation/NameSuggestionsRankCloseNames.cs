using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class NameSuggestionsRankCloseNames
{
    [Theory]
    [InlineData("user_id", "user_id", 0)]
    [InlineData("user_id", "USER_ID", 0)]
    [InlineData("user_id", "usre_id", 1)]
    [InlineData("user_id", "userid", 1)]
    [InlineData("user_id", "user_ids", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("", "", 0)]
    [InlineData("ca", "abc", 3)]
    public void The_distance_counts_edits_and_adjacent_swaps_ignoring_case(string a, string b, int distance)
    {
        Assert.Equal(distance, NameSuggestions.Distance(a, b));
        Assert.Equal(distance, NameSuggestions.Distance(b, a));
    }

    [Fact]
    public void Very_long_names_are_never_close()
    {
        Assert.True(NameSuggestions.Distance(new string('a', 200), "a") > 1000);
    }

    [Fact]
    public void The_closest_names_come_first_and_far_ones_are_left_out()
    {
        IReadOnlyList<string> closest = NameSuggestions.Closest("serch_documents", ["search_documents", "echo", "add", "get_customer", "search_document"], max: 3);

        Assert.Equal(["search_documents", "search_document"], closest);
    }

    [Fact]
    public void Names_containing_the_name_are_close()
    {
        Assert.Equal(["get_customer"], NameSuggestions.Closest("customer", ["get_customer", "delete_record"], max: 3));
    }

    [Fact]
    public void At_most_the_requested_number_of_names_is_returned()
    {
        Assert.Equal(2, NameSuggestions.Closest("a", ["a1", "a2", "a3", "a4"], max: 2).Count);
    }

    [Fact]
    public void Nothing_is_suggested_for_a_name_far_from_every_candidate()
    {
        Assert.Empty(NameSuggestions.Closest("zzzzzzzz", ["add", "echo", "get_customer"], max: 3));
    }
}
