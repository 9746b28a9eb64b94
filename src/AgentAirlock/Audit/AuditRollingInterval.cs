namespace AgentAirlock.Audit;

/// <summary>How often the audit file starts a new file; the hash chain continues across files.</summary>
public enum AuditRollingInterval
{
    /// <summary>One file, named as configured (it still rolls on <see cref="AuditOptions.FileSizeLimitBytes"/>).</summary>
    Infinite,

    /// <summary>A file per UTC day: the date (<c>yyyyMMdd</c>) goes before the extension.</summary>
    Day,

    /// <summary>A file per UTC hour: <c>yyyyMMddHH</c> goes before the extension.</summary>
    Hour,
}
