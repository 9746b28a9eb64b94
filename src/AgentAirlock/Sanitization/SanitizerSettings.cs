using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Sanitization;

/// <summary>
/// The sanitizer options in force, compiled once per version of the options: the scanner, the masker, the strategies
/// and field rules of every tool, and the scanner of arguments (secrets only).
/// </summary>
internal sealed class SanitizerSettings
{
    private readonly Dictionary<string, ToolScope> _tools = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowedTools;

    public SanitizerSettings(SanitizerOptions options, byte[] fallbackHashKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fallbackHashKey);
        Options = options;
        Text = TextSanitizer.Create(options, fallbackHashKey);
        Default = new ToolScope(Text.Strategies, FieldRules.Combine(options.AllowedFields, null), options.MaxOutputChars);
        foreach ((string name, SanitizerToolOptions tool) in options.PerTool)
        {
            _tools[name] = new ToolScope(
                StrategyTable.Create(tool.Strategies, Text.Strategies),
                FieldRules.Combine(options.AllowedFields, tool),
                tool.MaxOutputChars ?? options.MaxOutputChars);
        }

        _allowedTools = new HashSet<string>(options.AllowedTools, StringComparer.Ordinal);
        ArgumentScanner = new SensitiveDataScanner(
            DetectorCatalog.All,
            options.DisabledTypes.Concat(SensitiveDataTypes.PersonalData),
            []);
    }

    public SanitizerOptions Options { get; }

    public TextSanitizer Text { get; }

    /// <summary>Gets the scope of tools without their own options.</summary>
    public ToolScope Default { get; }

    /// <summary>Gets the scanner of arguments: secrets only (personal data is what tools are called with).</summary>
    public SensitiveDataScanner ArgumentScanner { get; }

    public bool IsAllowedTool(string tool) => _allowedTools.Contains(tool);

    public ToolScope For(string tool) => _tools.GetValueOrDefault(tool) ?? Default;

    /// <summary>How one tool's results are masked.</summary>
    internal sealed record ToolScope(StrategyTable Strategies, FieldRules Fields, int MaxOutputChars);
}
