namespace AgentAirlock.Policy;

/// <summary>
/// The compiled policies of the options in force, compiled once per version of the options (a reload makes a
/// new version; start-up validation has already compiled it once without errors).
/// </summary>
internal sealed class PolicySetProvider
{
    private volatile Compiled? _current;

    public PolicySet For(AirlockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Compiled? current = _current;
        if (current is not null && ReferenceEquals(current.Options, options))
        {
            return current.Set;
        }

        var errors = new List<string>();
        PolicySet set = PolicySet.Compile(options.Policy, errors)
            ?? throw new InvalidOperationException("The Airlock policy configuration is invalid: " + string.Join(" ", errors));
        _current = new Compiled(options, set);
        return set;
    }

    private sealed record Compiled(AirlockOptions Options, PolicySet Set);
}
