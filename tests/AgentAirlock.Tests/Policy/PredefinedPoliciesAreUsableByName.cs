using AgentAirlock.Policy;
using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Policy;

public sealed class PredefinedPoliciesAreUsableByName
{
    private static CompiledPolicy Predefined(string name) => Policies.Compile(o => o.DefaultPolicy = name).Default;

    [Fact]
    public void The_default_policy_is_permissive()
    {
        PolicySet set = Policies.Compile(_ => { });

        Assert.Equal("Permissive", set.Default.Name);
        Assert.Equal(["BusinessHours", "Permissive", "ReadOnly", "Strict"], set.ByName.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("anything")]
    [InlineData("delete_everything")]
    public void Permissive_allows_every_tool_at_any_time_without_identity_or_limits(string tool)
    {
        CompiledPolicy policy = Predefined("Permissive");

        Assert.Equal(ToolAccess.Allowed, policy.Access(tool, out _));
        Assert.Null(policy.ClosedWindow(tool, At.June(6, 3)));
        Assert.False(policy.RequireIdentity);
        Assert.Empty(policy.Rates);
    }

    [Fact]
    public void Strict_requires_identity_and_allows_one_hundred_calls_an_hour_per_agent()
    {
        CompiledPolicy policy = Predefined("Strict");

        Assert.True(policy.RequireIdentity);
        RateRule rule = Assert.Single(policy.Rates);
        Assert.Equal(100, rule.Rate.Tokens);
        Assert.Equal(TimeSpan.FromHours(1), rule.Rate.Period);
        Assert.Equal(RateLimitScope.PerAgent, rule.Scope);
        Assert.Empty(rule.Tools);
        Assert.Equal(ToolAccess.Allowed, policy.Access("any_tool", out _));
    }

    [Fact]
    public void Strict_admits_exactly_one_hundred_calls_an_hour_from_one_agent_across_tools()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At.June(1, 12));
        var store = new MemoryRateLimitStore(time);
        CompiledPolicy policy = Predefined("Strict");
        AgentIdentity agent = Agents.Named("a");

        int admitted = Enumerable.Range(0, 150).Count(i => store.Acquire(policy, agent, "tool_" + (i % 7)).Allowed);

        Assert.Equal(100, admitted);
        Assert.True(store.Acquire(policy, Agents.Named("b"), "tool_0").Allowed);
    }

    [Theory]
    [InlineData("read_file", "Allowed")]
    [InlineData("get_user", "Allowed")]
    [InlineData("list_tables", "Allowed")]
    [InlineData("search_docs", "Allowed")]
    [InlineData("write_file", "Denied")]
    [InlineData("delete_record", "Denied")]
    [InlineData("update_user", "Denied")]
    [InlineData("create_table", "Denied")]
    [InlineData("execute_sql", "NotAllowed")]
    [InlineData("Read_file", "NotAllowed")]
    public void Read_only_allows_reading_tools_and_denies_writing_ones(string tool, string expected)
    {
        CompiledPolicy policy = Predefined("ReadOnly");

        ToolAccess access = policy.Access(tool, out Glob? rule);

        Assert.Equal(expected, access.ToString());
        Assert.Equal(access == ToolAccess.NotAllowed, rule is null);
    }

    [Theory]
    [InlineData("delete_record")]
    [InlineData("drop_table")]
    [InlineData("deploy_production")]
    public void Business_hours_allows_destructive_tools_only_from_nine_to_five_on_weekdays(string tool)
    {
        CompiledPolicy policy = Predefined("BusinessHours");

        Assert.Equal(ToolAccess.Allowed, policy.Access(tool, out _));
        Assert.Null(policy.ClosedWindow(tool, At.June(1, 9)));
        Assert.Null(policy.ClosedWindow(tool, At.June(5, 17)));
        Assert.NotNull(policy.ClosedWindow(tool, At.June(1, 8, 59)));
        Assert.NotNull(policy.ClosedWindow(tool, At.June(3, 17, 1)));
        Assert.NotNull(policy.ClosedWindow(tool, At.June(6, 12)));
        Assert.NotNull(policy.ClosedWindow(tool, At.June(7, 12)));
    }

    [Theory]
    [InlineData("read_file")]
    [InlineData("production_report")]
    [InlineData("undelete_record")]
    public void Business_hours_leaves_other_tools_open_at_all_times(string tool)
    {
        CompiledPolicy policy = Predefined("BusinessHours");

        Assert.Null(policy.ClosedWindow(tool, At.June(6, 3)));
    }

    [Fact]
    public void A_configured_policy_of_a_predefined_name_replaces_it()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("ReadOnly", allowed: ["peek"]);
            o.DefaultPolicy = "ReadOnly";
        });

        Assert.Equal(ToolAccess.Allowed, set.Default.Access("peek", out _));
        Assert.Equal(ToolAccess.NotAllowed, set.Default.Access("read_file", out _));
        Assert.Empty(set.Default.Denied);
    }

    [Fact]
    public void A_configured_strict_policy_replaces_the_identity_requirement_and_the_limit()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Strict").Limit("5/minute");
            o.DefaultPolicy = "Strict";
        });

        Assert.False(set.Default.RequireIdentity);
        Assert.Equal("5/minute", Assert.Single(set.Default.Rates).Rate.Text);
    }

    [Fact]
    public void Compiling_does_not_change_the_predefined_definitions()
    {
        Policies.Compile(o =>
        {
            o.Define("Mine", allowed: ["x"]).Extends = "ReadOnly";
            o.DefaultPolicy = "Mine";
        });

        CompiledPolicy readOnly = Predefined("ReadOnly");
        Assert.Equal(4, readOnly.Allowed.Length);
        Assert.Equal(ToolAccess.NotAllowed, readOnly.Access("x", out _));
    }
}
