namespace AgentAirlock.Policy;

/// <summary>
/// One API key: its SHA-256 hash and the identity it stands for.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>Gets or sets the SHA-256 hash of the key, as 64 hexadecimal digits (<c>echo -n KEY | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Gets or sets the agent id callers with this key have.</summary>
    public string AgentId { get; set; } = string.Empty;

    /// <summary>Gets the roles callers with this key have.</summary>
    public IList<string> Roles { get; } = [];
}
