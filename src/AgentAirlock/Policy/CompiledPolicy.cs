using AgentAirlock.Protocol;

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

    /// <summary>
    /// When every window that governs <paramref name="tool"/> is open at once next, after <paramref name="now"/>: each
    /// step moves to the latest next opening of the windows still closed, until none is. Windows that never overlap
    /// within the steps' reach fall back to the next opening of <paramref name="closed"/>.
    /// </summary>
    public DateTimeOffset NextOpening(string tool, WindowRule closed, DateTimeOffset now)
    {
        DateTimeOffset candidate = closed.Window.NextOpening(now);
        for (int step = 0; step < 16 && candidate > now; step++)
        {
            DateTimeOffset later = candidate;
            foreach (WindowRule rule in Windows)
            {
                if (rule.Governs(tool) && !rule.Window.Contains(candidate))
                {
                    DateTimeOffset opening = rule.Window.NextOpening(candidate);
                    later = opening > later ? opening : later;
                }
            }

            if (later == candidate)
            {
                return candidate;
            }

            candidate = later;
        }

        return closed.Window.NextOpening(now);
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
