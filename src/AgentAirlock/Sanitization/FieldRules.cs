using System.Text;

namespace AgentAirlock.Sanitization;

/// <summary>
/// The structured-content field rules of one scope: fields left unmasked and per-field strategies. A rule is a
/// property name (it applies at any depth) or a path from the root of <c>structuredContent</c> (<c>$.customer.email</c>).
/// </summary>
internal sealed class FieldRules
{
    private readonly byte[][] _allowedNames;
    private readonly string[] _allowedPaths;
    private readonly (byte[] Name, MaskingStrategy Strategy)[] _nameStrategies;
    private readonly (string Path, MaskingStrategy Strategy)[] _pathStrategies;

    public FieldRules(IEnumerable<string> allowed, IEnumerable<KeyValuePair<string, MaskingStrategy>> strategies)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(strategies);
        string[] allowedRules = allowed.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _allowedPaths = allowedRules.Where(IsPath).ToArray();
        _allowedNames = allowedRules.Where(r => !IsPath(r)).Select(Encoding.UTF8.GetBytes).ToArray();
        KeyValuePair<string, MaskingStrategy>[] strategyRules = strategies.Where(r => r.Key.Trim().Length > 0).ToArray();
        _pathStrategies = strategyRules.Where(r => IsPath(r.Key.Trim())).Select(r => (r.Key.Trim(), r.Value)).ToArray();
        _nameStrategies = strategyRules.Where(r => !IsPath(r.Key.Trim())).Select(r => (Encoding.UTF8.GetBytes(r.Key.Trim()), r.Value)).ToArray();
        MaxPathBytes = _allowedPaths.Concat(_pathStrategies.Select(r => r.Path)).Select(Encoding.UTF8.GetByteCount).DefaultIfEmpty(0).Max();
    }

    public static FieldRules None { get; } = new([], []);

    /// <summary>Gets whether a rule needs the field's whole path (otherwise its name is enough).</summary>
    public bool NeedsPaths => _allowedPaths.Length > 0 || _pathStrategies.Length > 0;

    /// <summary>Gets the UTF-8 length of the longest path of a rule: a longer path matches none, and need not be made.</summary>
    public int MaxPathBytes { get; }

    public bool IsEmpty => _allowedNames.Length == 0 && _allowedPaths.Length == 0 && _nameStrategies.Length == 0 && _pathStrategies.Length == 0;

    /// <summary>Is the field named <paramref name="name"/> (UTF-8, unescaped) at <paramref name="path"/> left unmasked?</summary>
    public bool IsAllowed(ReadOnlySpan<byte> name, string? path)
    {
        foreach (byte[] allowed in _allowedNames)
        {
            if (name.SequenceEqual(allowed))
            {
                return true;
            }
        }

        return path is not null && Array.IndexOf(_allowedPaths, path) >= 0;
    }

    /// <summary>The strategy the rules give the field, or <see langword="null"/> for the strategy of each type.</summary>
    public MaskingStrategy? StrategyFor(ReadOnlySpan<byte> name, string? path)
    {
        if (path is not null)
        {
            foreach ((string rulePath, MaskingStrategy strategy) in _pathStrategies)
            {
                if (rulePath == path)
                {
                    return strategy;
                }
            }
        }

        foreach ((byte[] ruleName, MaskingStrategy strategy) in _nameStrategies)
        {
            if (name.SequenceEqual(ruleName))
            {
                return strategy;
            }
        }

        return null;
    }

    /// <summary>Joins two scopes: the global rules and a tool's.</summary>
    public static FieldRules Combine(IEnumerable<string> allowed, SanitizerToolOptions? tool) =>
        new(tool is null ? allowed : allowed.Concat(tool.AllowedFields), tool?.Fields ?? (IEnumerable<KeyValuePair<string, MaskingStrategy>>)[]);

    private static bool IsPath(string rule) => rule.StartsWith('$');
}
