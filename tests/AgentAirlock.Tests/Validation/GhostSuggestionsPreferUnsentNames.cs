using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

#pragma warning disable IDE0060
public static class AccountTools
{
    public static void Accounts(int user_id, int[] user_ids) { }
}
#pragma warning restore IDE0060

public sealed class GhostSuggestionsPreferUnsentNames
{
    private static ToolSchema Accounts() => ToolSchema.For(typeof(AccountTools).GetMethod(nameof(AccountTools.Accounts))!);

    [Fact]
    public void The_closest_declared_name_is_suggested_when_it_was_not_sent()
    {
        using ToolSchema accounts = Accounts();

        ArgumentProblem ghost = Assert.Single(accounts.Check("""{"userid":1,"user_ids":[1]}"""), p => p.IsGhost);

        Assert.Equal("user_id", ghost.Detail);
    }

    [Fact]
    public void A_declared_name_that_was_sent_is_not_suggested_even_when_closer()
    {
        // "userid" is one edit from user_id and two from user_ids; user_id was sent, so user_ids is the likely intent.
        using ToolSchema accounts = Accounts();

        ArgumentProblem ghost = Assert.Single(accounts.Check("""{"user_id":1,"userid":[1]}"""), p => p.IsGhost);

        Assert.Equal("user_ids", ghost.Detail);
    }

    [Fact]
    public void No_name_is_suggested_when_every_close_name_was_sent()
    {
        using ToolSchema accounts = Accounts();

        ArgumentProblem ghost = Assert.Single(accounts.Check("""{"user_id":1,"user_ids":[1],"userid":2}"""));

        Assert.Null(ghost.Detail);
    }

    [Fact]
    public void A_case_slip_suggests_the_declared_spelling()
    {
        using ToolSchema misspellable = ToolSchema.For(nameof(Tools.Misspellable));

        ArgumentProblem ghost = Assert.Single(misspellable.Check("""{"User_Id":1,"user_name":"n","count":1}"""), p => p.IsGhost);

        Assert.Equal("user_id", ghost.Detail);
    }

    [Fact]
    public void A_nested_ghost_gets_a_suggestion_from_its_own_object()
    {
        using ToolSchema person = ToolSchema.For(nameof(Tools.Person));

        ArgumentProblem ghost = Assert.Single(person.Check("""{"address":{"Street":"a","zip":1}}"""), p => p.IsGhost);

        Assert.Equal("address.Street", ghost.Path);
        Assert.Equal("street", ghost.Detail);
    }

    [Fact]
    public void A_suggestion_carries_the_schema_of_the_suggested_name_for_its_example()
    {
        using ToolSchema customer = ToolSchema.For(nameof(Tools.GetCustomer));

        ArgumentProblem ghost = Assert.Single(customer.Check("""{"customerId":7}"""), p => p.IsGhost);

        Assert.Equal("customer_id", ghost.Detail);
        Assert.NotNull(ghost.Schema);
        Assert.Equal("5", ProblemDescriptions.Example(ghost.Schema));
    }
}
