using AgentAirlock.Policy;

namespace AgentAirlock.Tests.Policy;

public sealed class PolicyEvaluatorHonoursTimeWindows
{
    [Fact]
    public void A_tool_outside_its_window_is_refused_with_the_next_opening()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "BusinessHours");
        DateTimeOffset fridayEvening = At.June(5, 18);

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("a"), "delete_record", fridayEvening);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(ToolAccess.Allowed, verdict.Access);
        Assert.NotNull(verdict.ClosedWindow);
        Assert.Equal(At.Utc(2026, 6, 8, 9, 0), verdict.NextOpening);
        Assert.Equal("BusinessHours", verdict.Policy.Name);
    }

    [Fact]
    public void With_two_windows_on_a_tool_the_next_opening_is_when_both_are_open()
    {
        PolicySet set = Policies.Compile(o =>
        {
            PolicyDefinition policy = o.Define("Overlap");
            policy.Window("09:00-12:00", tools: ["deploy"]);
            policy.Window("11:00-17:00", tools: ["deploy"]);
            o.DefaultPolicy = "Overlap";
        });

        AccessVerdict early = PolicyEvaluator.Check(set, Agents.Named("a"), "deploy", At.June(1, 8));
        AccessVerdict late = PolicyEvaluator.Check(set, Agents.Named("a"), "deploy", At.June(1, 13));

        Assert.False(early.IsAllowed);
        Assert.Equal(At.June(1, 11), early.NextOpening);
        Assert.True(PolicyEvaluator.Check(set, Agents.Named("a"), "deploy", early.NextOpening).IsAllowed);
        Assert.Equal(At.June(2, 11), late.NextOpening);
    }

    [Fact]
    public void Windows_that_never_overlap_fall_back_to_the_first_closed_windows_opening()
    {
        PolicySet set = Policies.Compile(o =>
        {
            PolicyDefinition policy = o.Define("Never");
            policy.Window("09:00-10:00", tools: ["deploy"]);
            policy.Window("14:00-15:00", tools: ["deploy"]);
            o.DefaultPolicy = "Never";
        });

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("a"), "deploy", At.June(1, 8));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(At.June(1, 9), verdict.NextOpening);
    }

    [Fact]
    public void A_tool_inside_its_window_is_allowed()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "BusinessHours");

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("a"), "delete_record", At.June(5, 16, 59));

        Assert.True(verdict.IsAllowed);
        Assert.Null(verdict.ClosedWindow);
        Assert.Equal(default, verdict.NextOpening);
    }

    [Fact]
    public void A_denied_tool_is_refused_as_denied_even_outside_its_window()
    {
        PolicySet set = Policies.Compile(o =>
        {
            PolicyDefinition p = o.Define("P", denied: ["delete_*"]);
            p.Window("09:00-17:00", tools: ["delete_*"]);
            o.DefaultPolicy = "P";
        });

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("a"), "delete_x", At.June(1, 20));

        Assert.Equal(ToolAccess.Denied, verdict.Access);
        Assert.Null(verdict.ClosedWindow);
    }

    [Fact]
    public void A_closed_window_beats_a_plain_denial_from_another_policy()
    {
        // Alphabetically the denying policy comes first; the caller is better served by "come back at 09:00".
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Auditor", allowed: ["read_*"], roles: ["ops"]);
            o.Define("Operator", roles: ["ops"]).Window("09:00-17:00", tools: ["delete_*"]);
        });

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("o", "ops"), "delete_x", At.June(1, 20));

        Assert.False(verdict.IsAllowed);
        Assert.Equal("Operator", verdict.Policy.Name);
        Assert.NotNull(verdict.ClosedWindow);
        Assert.Equal(At.June(2, 9), verdict.NextOpening);
    }

    [Fact]
    public void A_closed_window_beats_a_plain_denial_whichever_comes_first()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Anytime", roles: ["ops"]).Window("09:00-17:00", tools: ["delete_*"]);
            o.Define("Zealot", denied: ["delete_*"], roles: ["ops"]);
        });

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("o", "ops"), "delete_x", At.June(1, 20));

        Assert.Equal("Anytime", verdict.Policy.Name);
        Assert.NotNull(verdict.ClosedWindow);
    }

    [Fact]
    public void Of_two_closed_windows_the_earlier_opening_is_reported()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Office", roles: ["ops"]).Window("09:00-17:00", tools: ["delete_*"]);
            o.Define("Sunrise", roles: ["ops"]).Window("06:00-07:00", tools: ["delete_*"]);
        });

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("o", "ops"), "delete_x", At.June(1, 20));

        Assert.Equal("Sunrise", verdict.Policy.Name);
        Assert.Equal(At.June(2, 6), verdict.NextOpening);
    }

    [Fact]
    public void Another_policy_open_now_allows_the_call()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Day", roles: ["ops"]).Window("09:00-17:00", tools: ["delete_*"]);
            o.Define("Night", roles: ["ops"]).Window("17:00-09:00", tools: ["delete_*"]);
        });

        Assert.Equal("Night", PolicyEvaluator.Check(set, Agents.Named("o", "ops"), "delete_x", At.June(1, 20)).Policy.Name);
        Assert.Equal("Day", PolicyEvaluator.Check(set, Agents.Named("o", "ops"), "delete_x", At.June(1, 10)).Policy.Name);
    }

    [Fact]
    public void Every_window_that_governs_a_tool_must_be_open()
    {
        PolicySet set = Policies.Compile(o =>
        {
            PolicyDefinition p = o.Define("P");
            p.Window("09:00-17:00");
            p.Window("12:00-13:00", tools: ["deploy"]);
            o.DefaultPolicy = "P";
        });

        Assert.True(PolicyEvaluator.Check(set, Agents.Named("a"), "deploy", At.June(1, 12, 30)).IsAllowed);
        Assert.True(PolicyEvaluator.Check(set, Agents.Named("a"), "read", At.June(1, 10)).IsAllowed);

        AccessVerdict verdict = PolicyEvaluator.Check(set, Agents.Named("a"), "deploy", At.June(1, 10));
        Assert.False(verdict.IsAllowed);
        Assert.Equal(At.June(1, 12), verdict.NextOpening);
    }
}
