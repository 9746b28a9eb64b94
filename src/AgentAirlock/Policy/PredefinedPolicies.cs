namespace AgentAirlock.Policy;

/// <summary>
/// The policies usable by name without defining them: <c>Permissive</c>, <c>Strict</c>, <c>ReadOnly</c> and
/// <c>BusinessHours</c>. A policy of the same name in configuration replaces one of these.
/// </summary>
internal static class PredefinedPolicies
{
    public const string Strict = "Strict";
    public const string ReadOnly = "ReadOnly";
    public const string BusinessHours = "BusinessHours";

    public static IReadOnlyDictionary<string, PolicyDefinition> All { get; } = new Dictionary<string, PolicyDefinition>(StringComparer.Ordinal)
    {
        [PolicyOptions.Permissive] = new PolicyDefinition(),
        [Strict] = StrictPolicy(),
        [ReadOnly] = ReadOnlyPolicy(),
        [BusinessHours] = BusinessHoursPolicy(),
    };

    private static PolicyDefinition StrictPolicy()
    {
        var policy = new PolicyDefinition { RequireIdentity = true };
        policy.RateLimits.Add(new RateLimitOptions { Limit = "100/hour", Scope = RateLimitScope.PerAgent });
        return policy;
    }

    private static PolicyDefinition ReadOnlyPolicy()
    {
        var policy = new PolicyDefinition();
        foreach (string glob in (string[])["read_*", "get_*", "list_*", "search_*"])
        {
            policy.AllowedTools.Add(glob);
        }

        foreach (string glob in (string[])["write_*", "delete_*", "update_*", "create_*"])
        {
            policy.DeniedTools.Add(glob);
        }

        return policy;
    }

    private static PolicyDefinition BusinessHoursPolicy()
    {
        var window = new TimeWindowOptions { Window = "09:00-17:00" };
        foreach (string glob in (string[])["delete_*", "drop_*", "*_production"])
        {
            window.Tools.Add(glob);
        }

        foreach (string day in (string[])["Mon", "Tue", "Wed", "Thu", "Fri"])
        {
            window.Days.Add(day);
        }

        var policy = new PolicyDefinition();
        policy.TimeWindows.Add(window);
        return policy;
    }
}
