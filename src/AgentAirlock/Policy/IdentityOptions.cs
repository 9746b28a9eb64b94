namespace AgentAirlock.Policy;

/// <summary>
/// How Airlock reads a caller's identity from <c>HttpContext.User</c>, whichever authentication scheme produced it.
/// </summary>
public sealed class IdentityOptions
{
    /// <summary>
    /// Gets or sets the claim type of the agent id. Default: <c>http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier</c>
    /// (what JWT <c>sub</c> maps to); <c>sub</c> and the identity's name are used when it is absent.
    /// </summary>
    public string AgentIdClaimType { get; set; } = System.Security.Claims.ClaimTypes.NameIdentifier;

    /// <summary>Gets or sets the claim type of roles. Default: <c>http://schemas.microsoft.com/ws/2008/06/identity/claims/role</c>; <c>role</c> and <c>roles</c> are also read.</summary>
    public string RoleClaimType { get; set; } = System.Security.Claims.ClaimTypes.Role;

    /// <summary>
    /// Gets the API keys of Airlock's own authentication scheme, by name. Keys are stored only as SHA-256 hashes.
    /// </summary>
    public IDictionary<string, ApiKeyOptions> ApiKeys { get; } = new Dictionary<string, ApiKeyOptions>(StringComparer.Ordinal);
}
