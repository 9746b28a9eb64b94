using AgentAirlock.Protocol;
using System.Diagnostics.CodeAnalysis;

namespace AgentAirlock.Policy;

/// <summary>
/// All policies compiled from one version of the options, with the default policy and the policies of each role.
/// Compiling reports every problem with the configuration key it concerns.
/// </summary>
internal sealed class PolicySet
{
    private const string Section = "Airlock:Policy";

    private readonly Dictionary<string, CompiledPolicy[]> _byRole;

    private PolicySet(IReadOnlyDictionary<string, CompiledPolicy> byName, CompiledPolicy defaultPolicy, Dictionary<string, CompiledPolicy[]> byRole)
    {
        ByName = byName;
        Default = defaultPolicy;
        _byRole = byRole;
    }

    public IReadOnlyDictionary<string, CompiledPolicy> ByName { get; }

    /// <summary>Gets the policy of callers none of whose roles has a policy.</summary>
    public CompiledPolicy Default { get; }

    /// <summary>Gets the policies assigned to a role, ordered by name.</summary>
    public bool TryGetRolePolicies(string role, [NotNullWhen(true)] out CompiledPolicy[]? policies) => _byRole.TryGetValue(role, out policies);

    /// <summary>Compiles <paramref name="options"/>; on failure returns <see langword="null"/> and adds each problem to <paramref name="errors"/>.</summary>
    public static PolicySet? Compile(PolicyOptions options, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);

        // A base policy's problem is found again in every policy that extends it; report it once.
        var found = new List<string>();
        PolicySet? set = CompileInto(options, found);
        foreach (string error in found.Distinct(StringComparer.Ordinal))
        {
            errors.Add(error);
        }

        return set;
    }

    private static PolicySet? CompileInto(PolicyOptions options, List<string> errors)
    {
        int before = errors.Count;

        var definitions = new Dictionary<string, (PolicyDefinition Definition, string Key)>(StringComparer.Ordinal);
        foreach ((string name, PolicyDefinition definition) in PredefinedPolicies.All)
        {
            definitions[name] = (definition, $"{Section}:Policies:{name} (predefined)");
        }

        foreach ((string name, PolicyDefinition definition) in options.Policies)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{Section}:Policies has a policy without a name.");
                continue;
            }

            definitions[name] = (definition, $"{Section}:Policies:{name}");
        }

        var compiled = new Dictionary<string, CompiledPolicy>(StringComparer.Ordinal);
        foreach (string name in definitions.Keys.Order(StringComparer.Ordinal))
        {
            if (Flatten(name, definitions, errors) is { } chain)
            {
                compiled[name] = CompilePolicy(name, chain, options.RateLimitStore == RateLimitStoreKind.Redis, errors);
            }
        }

        if (!compiled.TryGetValue(options.DefaultPolicy ?? string.Empty, out CompiledPolicy? defaultPolicy))
        {
            errors.Add($"{Section}:DefaultPolicy names '{options.DefaultPolicy}', which is neither a predefined policy nor one of {Section}:Policies (known: {string.Join(", ", definitions.Keys.Order(StringComparer.Ordinal))}).");
        }

        var byRole = new Dictionary<string, List<CompiledPolicy>>(StringComparer.Ordinal);
        foreach ((string name, (PolicyDefinition definition, string key)) in definitions)
        {
            for (int i = 0; i < definition.Roles.Count; i++)
            {
                string role = definition.Roles[i];
                if (string.IsNullOrWhiteSpace(role))
                {
                    errors.Add($"{key}:Roles:{i} is empty.");
                    continue;
                }

                if (compiled.TryGetValue(name, out CompiledPolicy? policy))
                {
                    (byRole.TryGetValue(role, out List<CompiledPolicy>? list) ? list : byRole[role] = []).Add(policy);
                }
            }
        }

        ValidateIdentity(options.Identity, errors);
        if (options.RateLimitStore == RateLimitStoreKind.Redis && string.IsNullOrWhiteSpace(options.Redis.Configuration))
        {
            errors.Add($"{Section}:Redis:Configuration is required when {Section}:RateLimitStore is Redis.");
        }
        else if (options.RateLimitStore == RateLimitStoreKind.Redis && RedisRateLimitStore.ConfigurationProblem(options.Redis.Configuration) is string problem)
        {
            errors.Add($"{Section}:Redis:Configuration is not a StackExchange.Redis configuration string: {problem}");
        }

        if (options.Redis.TimeoutMilliseconds is < 1 or > 60_000)
        {
            errors.Add($"{Section}:Redis:TimeoutMilliseconds must be between 1 and 60000; it is {options.Redis.TimeoutMilliseconds}.");
        }

        if (errors.Count > before || defaultPolicy is null)
        {
            return null;
        }

        return new PolicySet(
            compiled,
            defaultPolicy,
            byRole.ToDictionary(pair => pair.Key, pair => pair.Value.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));
    }

    /// <summary>The definitions a policy consists of, base first, following <c>Extends</c>.</summary>
    private static List<(PolicyDefinition Definition, string Key)>? Flatten(
        string name, Dictionary<string, (PolicyDefinition Definition, string Key)> definitions, List<string> errors)
    {
        var chain = new List<(PolicyDefinition, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = name;
        while (current is not null)
        {
            if (!seen.Add(current))
            {
                errors.Add($"{definitions[name].Key}:Extends forms a cycle through '{current}'.");
                return null;
            }

            if (!definitions.TryGetValue(current, out (PolicyDefinition Definition, string Key) entry))
            {
                string from = chain.Count == 0 ? definitions[name].Key : chain[0].Item2;
                errors.Add($"{from}:Extends names '{current}', which is neither a predefined policy nor one of {Section}:Policies.");
                return null;
            }

            chain.Insert(0, entry);
            current = entry.Definition.Extends;
        }

        return chain;
    }

    private static CompiledPolicy CompilePolicy(string name, List<(PolicyDefinition Definition, string Key)> chain, bool sharedStore, List<string> errors)
    {
        bool requireIdentity = false, defaultDeny = false;
        var allowed = new List<Glob>();
        var denied = new List<Glob>();
        var windows = new List<WindowRule>();
        var rates = new List<RateRule>();
        foreach ((PolicyDefinition definition, string key) in chain)
        {
            requireIdentity |= definition.RequireIdentity;
            defaultDeny |= definition.DefaultDeny;
            allowed.AddRange(Globs(definition.AllowedTools, $"{key}:AllowedTools", errors));
            denied.AddRange(Globs(definition.DeniedTools, $"{key}:DeniedTools", errors));
            for (int i = 0; i < definition.TimeWindows.Count; i++)
            {
                TimeWindowOptions window = definition.TimeWindows[i];
                string windowKey = $"{key}:TimeWindows:{i}";
                Glob[] tools = Globs(window.Tools, windowKey + ":Tools", errors);
                if (TimeWindow.TryParse(window.Window, window.Days, window.TimeZone, out string? problem) is { } parsed)
                {
                    windows.Add(new WindowRule(tools, parsed));
                }
                else
                {
                    errors.Add($"{windowKey}: {problem}.");
                }
            }

            for (int i = 0; i < definition.RateLimits.Count; i++)
            {
                RateLimitOptions limit = definition.RateLimits[i];
                string limitKey = $"{key}:RateLimits:{i}";
                Glob[] tools = Globs(limit.Tools, limitKey + ":Tools", errors);
                if (Rate.TryParse(limit.Limit, out string? problem) is { } rate)
                {
                    if (sharedStore && !rate.FitsSharedStore)
                    {
                        errors.Add($"{limitKey}:Limit: '{rate.Text}' is too fine-grained for the Redis store, which counts exactly only up to "
                            + $"{Rate.MaxSharedUnits} units per bucket (N per period in ms, reduced); use fewer tokens or a shorter period.");
                    }

                    // The id names the rate too: a reload that changes a limit starts fresh buckets instead of
                    // reusing ones sized for the old limit.
                    rates.Add(new RateRule($"{name}#{rates.Count}@{rate.Text}", tools, rate, limit.Scope));
                }
                else
                {
                    errors.Add($"{limitKey}:Limit: {problem}.");
                }
            }
        }

        return new CompiledPolicy(name, requireIdentity, [.. allowed], [.. denied], defaultDeny, [.. windows], [.. rates]);
    }

    private static Glob[] Globs(IList<string> patterns, string key, List<string> errors)
    {
        var globs = new List<Glob>(patterns.Count);
        for (int i = 0; i < patterns.Count; i++)
        {
            if (Glob.TryParse(patterns[i], out string? problem) is { } glob)
            {
                globs.Add(glob);
            }
            else
            {
                errors.Add($"{key}:{i}: '{patterns[i]}' is not a valid glob: {problem}.");
            }
        }

        return [.. globs];
    }

    private static void ValidateIdentity(IdentityOptions identity, List<string> errors)
    {
        string key = $"{Section}:Identity";
        if (string.IsNullOrWhiteSpace(identity.AgentIdClaimType))
        {
            errors.Add($"{key}:AgentIdClaimType may not be empty.");
        }

        if (string.IsNullOrWhiteSpace(identity.RoleClaimType))
        {
            errors.Add($"{key}:RoleClaimType may not be empty.");
        }

        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string name, ApiKeyOptions apiKey) in identity.ApiKeys)
        {
            if (!ApiKeyDigest.TryParse(apiKey.Sha256, out byte[] digest))
            {
                errors.Add($"{key}:ApiKeys:{name}:Sha256 must be the SHA-256 hash of the key as 64 hexadecimal digits (never the key itself).");
            }
            else if (!digests.TryAdd(Convert.ToHexString(digest), name))
            {
                // One key would stand for two callers; whichever came first would win without a word.
                errors.Add($"{key}:ApiKeys:{name}:Sha256 is the same hash as {key}:ApiKeys:{digests[Convert.ToHexString(digest)]}:Sha256; each key must identify one caller.");
            }

            if (string.IsNullOrWhiteSpace(apiKey.AgentId))
            {
                errors.Add($"{key}:ApiKeys:{name}:AgentId may not be empty.");
            }
        }
    }
}
