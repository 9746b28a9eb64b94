namespace AgentAirlock.Sanitization;

/// <summary>
/// Options of the sanitizer layer, bound from <c>Airlock:Sanitizer</c>: which sensitive values are masked in tool
/// results and how, what is trusted, how long a result may be, and whether arguments are checked for secrets.
/// </summary>
public sealed class SanitizerOptions
{
    /// <summary>The default for <see cref="MaxOutputChars"/>.</summary>
    public const int DefaultMaxOutputChars = 20_000;

    /// <summary>Gets or sets whether tool results are sanitized. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets the types that are not detected at all.</summary>
    public IList<SensitiveDataType> DisabledTypes { get; } = new List<SensitiveDataType>();

    /// <summary>
    /// Gets the masking strategy per type, overriding the built-in defaults (<see cref="MaskingStrategy.Partial"/> for
    /// contact data, addresses and API keys; <see cref="MaskingStrategy.Full"/> for SSNs, IBANs, passwords, private keys,
    /// connection strings and bearer tokens).
    /// </summary>
    public IDictionary<SensitiveDataType, MaskingStrategy> Strategies { get; } = new Dictionary<SensitiveDataType, MaskingStrategy>();

    /// <summary>Gets the e-mail domains whose addresses are not masked (each covers its subdomains).</summary>
    public IList<string> AllowedEmailDomains { get; } = new List<string>();

    /// <summary>Gets the names of tools whose results are not sanitized (exact, case-sensitive names).</summary>
    public IList<string> AllowedTools { get; } = new List<string>();

    /// <summary>
    /// Gets the structured-content fields that are not masked: a property name (matches at any depth) or a JSON path
    /// from the root of <c>structuredContent</c> such as <c>$.customer.email</c> or <c>$.items[0].id</c>.
    /// </summary>
    public IList<string> AllowedFields { get; } = new List<string>();

    /// <summary>Gets the per-tool overrides, keyed by exact tool name.</summary>
    public IDictionary<string, SanitizerToolOptions> PerTool { get; } = new Dictionary<string, SanitizerToolOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the most characters (UTF-16 code units) of text one result may carry; longer text is cut, at a line
    /// boundary when one is close, and ends with a notice of how much was shown. 0 means unlimited. Default: 20,000.
    /// </summary>
    public int MaxOutputChars { get; set; } = DefaultMaxOutputChars;

    /// <summary>
    /// Gets or sets the key of <see cref="MaskingStrategy.Hash"/>, base64 (at least 16 bytes; 32 recommended). Keep it
    /// out of appsettings.json (an environment variable or a secret store). Without it a random key is drawn at start-up,
    /// so hash tokens are stable only for the life of the process.
    /// </summary>
    public string? HashKey { get; set; }

    /// <summary>Gets or sets what happens to calls whose arguments carry a secret. Default: <see cref="ArgumentSecretsMode.Off"/>.</summary>
    public ArgumentSecretsMode Arguments { get; set; } = ArgumentSecretsMode.Off;
}
