using AgentAirlock.Policy;
using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Policy;

public sealed class PoliciesExtendOtherPolicies
{
    [Fact]
    public void An_extending_policy_adds_its_rules_to_its_bases()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Analyst", allowed: ["run_report"], denied: ["read_secrets"]).Extends = "ReadOnly";
            o.DefaultPolicy = "Analyst";
        });
        CompiledPolicy policy = set.Default;

        Assert.Equal(ToolAccess.Allowed, policy.Access("read_file", out _));
        Assert.Equal(ToolAccess.Allowed, policy.Access("run_report", out _));
        Assert.Equal(ToolAccess.Denied, policy.Access("write_file", out _));
        Assert.Equal(ToolAccess.Denied, policy.Access("read_secrets", out Glob? rule));
        Assert.Equal("read_secrets", rule!.Pattern);
        Assert.Equal(ToolAccess.NotAllowed, policy.Access("execute", out _));
    }

    [Fact]
    public void Identity_requirements_limits_and_windows_are_inherited()
    {
        PolicySet set = Policies.Compile(o =>
        {
            PolicyDefinition child = o.Define("Child");
            child.Extends = "Strict";
            child.Limit("5/minute", RateLimitScope.PerTool, "search_*");
            child.Window("10:00-11:00");
            o.Define("Grandchild").Extends = "Child";
            o.DefaultPolicy = "Grandchild";
        });
        CompiledPolicy policy = set.Default;

        Assert.True(policy.RequireIdentity);
        Assert.Equal(["100/hour", "5/minute"], policy.Rates.Select(r => r.Rate.Text));
        Assert.Single(policy.Windows);
        Assert.NotNull(policy.ClosedWindow("anything", At.June(1, 12)));
        Assert.Null(policy.ClosedWindow("anything", At.June(1, 10, 30)));
    }

    [Fact]
    public void Inherited_rate_rules_are_named_for_the_policy_that_uses_them()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Child").Extends = "Strict";
            o.Define("Other").Extends = "Strict";
        });

        // The id also names the rate, so a reload that changes the limit starts fresh buckets.
        Assert.Equal("Strict#0@100/hour", Assert.Single(set.ByName["Strict"].Rates).Id);
        Assert.Equal("Child#0@100/hour", Assert.Single(set.ByName["Child"].Rates).Id);
        Assert.Equal("Other#0@100/hour", Assert.Single(set.ByName["Other"].Rates).Id);
    }

    [Fact]
    public void Default_deny_is_inherited()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Closed").DefaultDeny = true;
            o.Define("StillClosed").Extends = "Closed";
            o.DefaultPolicy = "StillClosed";
        });

        Assert.Equal(ToolAccess.NotAllowed, set.Default.Access("anything", out _));
    }

    [Fact]
    public void A_base_that_does_not_exist_is_named_with_the_key_of_the_extends()
    {
        List<string> errors = Policies.Errors(o => o.Define("Child").Extends = "Nope");

        Assert.Equal(
            "Airlock:Policy:Policies:Child:Extends names 'Nope', which is neither a predefined policy nor one of Airlock:Policy:Policies.",
            Assert.Single(errors));
    }

    [Fact]
    public void A_missing_base_further_up_is_named_where_it_is_extended()
    {
        List<string> errors = Policies.Errors(o =>
        {
            o.Define("Child").Extends = "Middle";
            o.Define("Middle").Extends = "Nope";
        });

        Assert.All(errors, e => Assert.StartsWith("Airlock:Policy:Policies:Middle:Extends names 'Nope'", e, StringComparison.Ordinal));
    }

    [Fact]
    public void A_policy_that_extends_itself_is_a_cycle()
    {
        List<string> errors = Policies.Errors(o => o.Define("Loop").Extends = "Loop");

        Assert.Equal("Airlock:Policy:Policies:Loop:Extends forms a cycle through 'Loop'.", Assert.Single(errors));
    }

    [Fact]
    public void A_cycle_of_several_policies_is_reported_for_each()
    {
        List<string> errors = Policies.Errors(o =>
        {
            o.Define("A").Extends = "B";
            o.Define("B").Extends = "C";
            o.Define("C").Extends = "A";
        });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Airlock:Policy:Policies:A:Extends forms a cycle", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Airlock:Policy:Policies:B:Extends forms a cycle", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Airlock:Policy:Policies:C:Extends forms a cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void A_predefined_policy_can_be_redefined_to_extend_another_predefined_one()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Strict").Extends = "ReadOnly";
            o.DefaultPolicy = "Strict";
        });

        Assert.False(set.Default.RequireIdentity);
        Assert.Equal(ToolAccess.Denied, set.Default.Access("write_file", out _));
    }
}
