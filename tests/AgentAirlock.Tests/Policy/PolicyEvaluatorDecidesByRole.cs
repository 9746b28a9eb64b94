using AgentAirlock.Policy;

namespace AgentAirlock.Tests.Policy;

public sealed class PolicyEvaluatorDecidesByRole
{
    private static readonly DateTimeOffset Noon = At.June(1, 12);

    private static AccessVerdict Check(PolicySet set, AgentIdentity identity, string tool) => PolicyEvaluator.Check(set, identity, tool, Noon);

    [Fact]
    public void A_deny_wins_over_an_allow()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("P", allowed: ["*"], denied: ["delete_*"]);
            o.DefaultPolicy = "P";
        });

        AccessVerdict verdict = Check(set, Agents.Named("a"), "delete_user");

        Assert.False(verdict.IsAllowed);
        Assert.Equal(ToolAccess.Denied, verdict.Access);
        Assert.Equal("delete_*", verdict.Rule!.Pattern);
        Assert.Equal("P", verdict.Policy.Name);
        Assert.True(Check(set, Agents.Named("a"), "read_user").IsAllowed);
    }

    [Fact]
    public void A_deny_wins_even_when_an_allow_names_the_tool_exactly()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("P", allowed: ["delete_user"], denied: ["delete_*"]);
            o.DefaultPolicy = "P";
        });

        Assert.Equal(ToolAccess.Denied, Check(set, Agents.Named("a"), "delete_user").Access);
    }

    [Fact]
    public void An_empty_allow_list_allows_every_tool_not_denied()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("P", denied: ["drop_*"]);
            o.DefaultPolicy = "P";
        });

        Assert.True(Check(set, Agents.Named("a"), "anything").IsAllowed);
        Assert.False(Check(set, Agents.Named("a"), "drop_table").IsAllowed);
    }

    [Fact]
    public void An_empty_allow_list_allows_nothing_under_default_deny()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("P").DefaultDeny = true;
            o.DefaultPolicy = "P";
        });

        AccessVerdict verdict = Check(set, Agents.Named("a"), "anything");

        Assert.Equal(ToolAccess.NotAllowed, verdict.Access);
        Assert.Null(verdict.Rule);
    }

    [Fact]
    public void Default_deny_does_not_matter_when_the_allow_list_has_entries()
    {
        PolicySet set = Policies.Compile(o =>
        {
            PolicyDefinition p = o.Define("P", allowed: ["read_*"]);
            p.DefaultDeny = true;
            o.DefaultPolicy = "P";
        });

        Assert.True(Check(set, Agents.Named("a"), "read_x").IsAllowed);
        Assert.Equal(ToolAccess.NotAllowed, Check(set, Agents.Named("a"), "write_x").Access);
    }

    [Fact]
    public void Roles_are_mapped_to_their_policies_in_name_order()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Zeta", roles: ["ops"]);
            o.Define("Alpha", roles: ["ops", "dev"]);
            o.Define("Unassigned");
        });

        Assert.True(set.TryGetRolePolicies("ops", out CompiledPolicy[]? ops));
        Assert.Equal(["Alpha", "Zeta"], ops.Select(p => p.Name));
        Assert.True(set.TryGetRolePolicies("dev", out CompiledPolicy[]? dev));
        Assert.Equal("Alpha", Assert.Single(dev).Name);
        Assert.False(set.TryGetRolePolicies("Ops", out _));
        Assert.False(set.TryGetRolePolicies("nobody", out _));
    }

    [Fact]
    public void A_caller_with_a_role_is_governed_by_its_roles_policy_not_the_default()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Reader", roles: ["reader"]).Extends = "ReadOnly";
            o.DefaultPolicy = "Permissive";
        });

        AccessVerdict verdict = Check(set, Agents.Named("r", "reader"), "write_file");

        Assert.False(verdict.IsAllowed);
        Assert.Equal("Reader", verdict.Policy.Name);
        Assert.True(Check(set, Agents.Named("r", "reader"), "read_file").IsAllowed);
    }

    [Fact]
    public void A_caller_whose_roles_have_no_policy_is_governed_by_the_default()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Admin", roles: ["admin"]);
            o.DefaultPolicy = "ReadOnly";
        });

        AccessVerdict verdict = Check(set, Agents.Named("x", "guest"), "write_file");

        Assert.False(verdict.IsAllowed);
        Assert.Equal("ReadOnly", verdict.Policy.Name);
        Assert.Equal("ReadOnly", Check(set, Agents.Named("y"), "read_file").Policy.Name);
        Assert.Equal("ReadOnly", Check(set, Agents.Anonymous(), "read_file").Policy.Name);
    }

    [Fact]
    public void Any_of_the_callers_policies_may_allow_the_tool()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Reader", allowed: ["read_*"], roles: ["reader"]);
            o.Define("Writer", allowed: ["write_*"], roles: ["writer"]);
            o.DefaultPolicy = "Permissive";
        });
        AgentIdentity both = Agents.Named("w", "reader", "writer");

        Assert.Equal("Reader", Check(set, both, "read_a").Policy.Name);
        Assert.Equal("Writer", Check(set, both, "write_a").Policy.Name);
        Assert.False(Check(set, both, "delete_a").IsAllowed);
    }

    [Fact]
    public void Of_a_roles_policies_the_first_by_name_that_allows_governs()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Beta", roles: ["ops"]).Limit("1000/hour");
            o.Define("Alpha", roles: ["ops"]).Limit("10/hour");
            o.Define("Aardvark", denied: ["*"], roles: ["ops"]);
        });

        AccessVerdict verdict = Check(set, Agents.Named("o", "ops"), "deploy");

        Assert.True(verdict.IsAllowed);
        Assert.Equal("Alpha", verdict.Policy.Name);
    }

    [Fact]
    public void Of_policies_of_several_roles_the_first_by_name_that_allows_governs()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Alpha", roles: ["reader"]).Limit("10/hour");
            o.Define("Beta", roles: ["writer"]).Limit("1000/hour");
        });

        // The caller's role claims list writer first; the governing policy does not depend on claim order.
        Assert.Equal("Alpha", Check(set, Agents.Named("o", "writer", "reader"), "deploy").Policy.Name);
        Assert.Equal("Alpha", Check(set, Agents.Named("o", "reader", "writer"), "deploy").Policy.Name);
    }

    [Fact]
    public void A_refusal_by_every_policy_of_the_caller_names_a_refusing_policy()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Reader", allowed: ["read_*"], roles: ["reader"]);
            o.Define("NoDrops", denied: ["drop_*"], roles: ["reader"]);
        });

        AccessVerdict verdict = Check(set, Agents.Named("r", "reader"), "drop_table");

        Assert.False(verdict.IsAllowed);
        Assert.Contains(verdict.Policy.Name, new[] { "Reader", "NoDrops" });
    }

    [Fact]
    public void An_anonymous_caller_needs_identity_only_when_the_default_policy_requires_it()
    {
        PolicySet strict = Policies.Compile(o => o.DefaultPolicy = "Strict");
        PolicySet permissive = Policies.Compile(_ => { });

        Assert.True(PolicyEvaluator.RequiresIdentity(strict, Agents.Anonymous()));
        Assert.False(PolicyEvaluator.RequiresIdentity(strict, Agents.Named("a")));
        Assert.False(PolicyEvaluator.RequiresIdentity(permissive, Agents.Anonymous()));
    }

    [Fact]
    public void An_identity_requirement_is_inherited_by_a_default_policy()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Mine").Extends = "Strict";
            o.DefaultPolicy = "Mine";
        });

        Assert.True(PolicyEvaluator.RequiresIdentity(set, Agents.Anonymous()));
    }
}
