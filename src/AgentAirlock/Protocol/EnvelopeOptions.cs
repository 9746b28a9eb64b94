namespace AgentAirlock.Protocol;

/// <summary>
/// Options of the envelope, the part of Airlock that reads and parses each MCP request body once.
/// </summary>
public sealed class EnvelopeOptions
{
    /// <summary>The default for <see cref="MaxRequestBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBytes = 1024 * 1024;

    /// <summary>The default for <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 32;

    /// <summary>
    /// Gets or sets the largest request body accepted, in bytes. Larger bodies are refused with HTTP 413.
    /// Default: 1 MiB.
    /// </summary>
    public long MaxRequestBytes { get; set; } = DefaultMaxRequestBytes;

    /// <summary>
    /// Gets or sets the deepest nesting of JSON objects and arrays accepted in a message. Default: 32.
    /// </summary>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

    /// <summary>
    /// Gets the origins (<c>scheme://host[:port]</c>) browsers may call the MCP endpoint from; <c>*</c> allows any.
    /// When empty (the default), only loopback origins (localhost, 127.0.0.1, [::1]) are allowed.
    /// Requests without an <c>Origin</c> header (non-browser clients) are not affected.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];
}
