using AgentAirlock.Protocol;

namespace AgentAirlock.Policy;

/// <summary>
/// Decides, for an identity and a tool, which of the identity's policies governs the call. A caller whose roles
/// have policies is governed by those (the first, by name, that allows the tool now); any other caller by the
/// default policy. Deciding allocates nothing.
/// </summary>
internal static class PolicyEvaluator
{
    /// <summary>Whether the identity's policies require an identity it does not have.</summary>
    public static bool RequiresIdentity(PolicySet set, AgentIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.IsAuthenticated)
        {
            return false;
        }

        // An anonymous caller has no roles: the default policy governs it.
        return set.Default.RequireIdentity;
    }

    public static AccessVerdict Check(PolicySet set, AgentIdentity identity, string tool, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(identity);
        AccessVerdict? refusal = null;
        AccessVerdict? allowed = null;
        bool anyRole = false;
        foreach (string role in identity.Roles)
        {
            if (!set.TryGetRolePolicies(role, out CompiledPolicy[]? policies))
            {
                continue;
            }

            anyRole = true;

            // Each role's policies are ordered by name, so within a role the first that allows is the one; across
            // roles the allowing policy with the least name governs, whatever the order of the role claims.
            foreach (CompiledPolicy policy in policies)
            {
                if (allowed is { } best && string.CompareOrdinal(policy.Name, best.Policy.Name) >= 0)
                {
                    break;
                }

                AccessVerdict verdict = CheckOne(policy, tool, now);
                if (verdict.IsAllowed)
                {
                    allowed = verdict;
                    break;
                }

                refusal = MoreHelpful(refusal, verdict);
            }
        }

        if (allowed is { } governing)
        {
            return governing;
        }

        return anyRole ? refusal!.Value : CheckOne(set.Default, tool, now);
    }

    private static AccessVerdict CheckOne(CompiledPolicy policy, string tool, DateTimeOffset now)
    {
        ToolAccess access = policy.Access(tool, out Glob? rule);
        if (access != ToolAccess.Allowed)
        {
            return new AccessVerdict(access, policy, rule);
        }

        WindowRule? closed = policy.ClosedWindow(tool, now);
        return closed is null
            ? new AccessVerdict(ToolAccess.Allowed, policy, rule)
            : new AccessVerdict(ToolAccess.Allowed, policy, rule, closed, policy.NextOpening(tool, closed, now));
    }

    /// <summary>A closed window beats a plain refusal (the caller may retry later); of two windows, the earlier opening.</summary>
    private static AccessVerdict MoreHelpful(AccessVerdict? current, AccessVerdict candidate)
    {
        if (current is not { } existing)
        {
            return candidate;
        }

        if (candidate.ClosedWindow is not null && (existing.ClosedWindow is null || candidate.NextOpening < existing.NextOpening))
        {
            return candidate;
        }

        return existing;
    }
}
