namespace AgentAirlock.Audit;

/// <summary>
/// Options of the audit trail, bound from <c>Airlock:Audit</c>: one JSON line per tool call decision, hash-chained,
/// written through Serilog to Airlock's audit file and to any sinks configured in <c>Airlock:Audit:Serilog</c>.
/// </summary>
/// <remarks>
/// <see cref="Enabled"/>, <see cref="Path"/>, <see cref="RollingInterval"/>, <see cref="FileSizeLimitBytes"/> and the
/// Serilog sinks are read at start-up; <see cref="FailureMode"/> and the argument digests follow configuration reloads.
/// </remarks>
public sealed class AuditOptions
{
    /// <summary>The default for <see cref="Path"/>.</summary>
    public const string DefaultPath = "logs/airlock-audit-.jsonl";

    /// <summary>The default for <see cref="FileSizeLimitBytes"/>: 100 MiB.</summary>
    public const long DefaultFileSizeLimitBytes = 100L * 1024 * 1024;

    /// <summary>Gets or sets whether audit records are written. Default: <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets or sets the audit file, relative to the application's content root unless absolute; with a rolling interval the
    /// period goes before the extension (<c>logs/airlock-audit-20261123.jsonl</c>). Default: <c>logs/airlock-audit-.jsonl</c>.
    /// </summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>Gets or sets how often a new file starts. Default: <see cref="AuditRollingInterval.Day"/>.</summary>
    public AuditRollingInterval RollingInterval { get; set; } = AuditRollingInterval.Day;

    /// <summary>
    /// Gets or sets the size at which a new file starts (<c>_001</c>, <c>_002</c>, … before the extension); 0 means no
    /// limit. Default: 100 MiB.
    /// </summary>
    public long FileSizeLimitBytes { get; set; } = DefaultFileSizeLimitBytes;

    /// <summary>Gets or sets what happens to tool calls while records cannot be written. Default: <see cref="AuditFailureMode.Closed"/>.</summary>
    public AuditFailureMode FailureMode { get; set; } = AuditFailureMode.Closed;

    /// <summary>
    /// Gets or sets whether each argument's value is recorded as a keyed HMAC-SHA256 digest (never the value), so that
    /// equal values can be recognised across records. Requires <see cref="DigestKey"/>. Default: <see langword="false"/>.
    /// </summary>
    public bool ArgumentDigests { get; set; }

    /// <summary>
    /// Gets or sets the key of the argument digests, base64 (at least 16 bytes; 32 recommended). Keep it out of
    /// appsettings.json (an environment variable or a secret store): without the key a digest cannot be brute-forced.
    /// </summary>
    public string? DigestKey { get; set; }
}
