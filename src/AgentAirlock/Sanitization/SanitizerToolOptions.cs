namespace AgentAirlock.Sanitization;

/// <summary>The sanitizer options of one tool, overriding <see cref="SanitizerOptions"/>.</summary>
public sealed class SanitizerToolOptions
{
    /// <summary>Gets or sets the masking strategy per type for this tool.</summary>
    public IDictionary<SensitiveDataType, MaskingStrategy> Strategies { get; } = new Dictionary<SensitiveDataType, MaskingStrategy>();

    /// <summary>
    /// Gets the masking strategy per structured-content field (a property name or a <c>$.</c> path, as in
    /// <see cref="SanitizerOptions.AllowedFields"/>), for every type found in that field.
    /// </summary>
    public IDictionary<string, MaskingStrategy> Fields { get; } = new Dictionary<string, MaskingStrategy>(StringComparer.Ordinal);

    /// <summary>Gets more fields of this tool's structured content that are not masked.</summary>
    public IList<string> AllowedFields { get; } = new List<string>();

    /// <summary>Gets or sets this tool's limit of characters per result; <see langword="null"/> uses the global limit.</summary>
    public int? MaxOutputChars { get; set; }
}
