namespace AgentAirlock.Policy;

/// <summary>
/// A policy ready for decisions: globs, windows and rates parsed once. Deciding allocates nothing.
/// </summary>
internal sealed class CompiledPolicy
{
    public CompiledPolicy(string name, bool requireIdentity, Glob[] allowed, Glob[] denied, bool defaultDeny, WindowRule[] windows, RateRule[] rates)
    {
        Name = name;
        RequireIdentity = requireIdentity;
        Allowed = allowed;
        Denied = denied;
        DefaultDeny = defaultDeny;
        Windows = windows;
        Rates = rates;
    }

    public string Name { get; }

    public bool RequireIdentity { get; }

    public Glob[] Allowed { get; }

    public Glob[] Denied { get; }

    public bool DefaultDeny { get; }

    public WindowRule[] Windows { get; }

    public RateRule[] Rates { get; }

    /// <summary>What the allow and deny lists say of <paramref name="tool"/>, and the glob that decided it.</summary>
    public ToolAccess Access(string tool, out Glob? rule)
    {
        foreach (Glob deny in Denied)
        {
            if (deny.IsMatch(tool))
            {
                rule = deny;
                return ToolAccess.Denied;
            }
        }

        if (Allowed.Length == 0)
        {
            rule = null;
            return DefaultDeny ? ToolAccess.NotAllowed : ToolAccess.Allowed;
        }

        foreach (Glob allow in Allowed)
        {
            if (allow.IsMatch(tool))
            {
                rule = allow;
                return ToolAccess.Allowed;
            }
        }

        rule = null;
        return ToolAccess.NotAllowed;
    }

    /// <summary>The first window that governs <paramref name="tool"/> and is closed at <paramref name="now"/>, if any.</summary>
    public WindowRule? ClosedWindow(string tool, DateTimeOffset now)
    {
        foreach (WindowRule rule in Windows)
        {
            if (rule.Governs(tool) && !rule.Window.Contains(now))
            {
                return rule;
            }
        }

        return null;
    }
}
