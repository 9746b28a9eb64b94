using System.Security.Claims;

namespace AgentAirlock.Policy;

/// <summary>
/// The principal the API-key scheme issues. It carries the caller's <see cref="AgentIdentity"/>, derived once per key and
/// version of the options, so the policy layer need not read the claims on every request, unless something changed the
/// claims after authentication (a claims transformation): then the policy layer reads them again.
/// </summary>
internal sealed class ApiKeyPrincipal : ClaimsPrincipal
{
    private readonly ApiKeyIdentity _identity;
    private bool _identitiesChanged;

    public ApiKeyPrincipal(ApiKeyIdentity identity, AgentIdentity agent)
        : base(identity)
    {
        ArgumentNullException.ThrowIfNull(agent);
        _identity = identity;
        Agent = agent;
    }

    public AgentIdentity Agent { get; }

    /// <summary>Gets whether the claims are still exactly those the scheme issued.</summary>
    public bool IsUnchanged => !_identitiesChanged && !_identity.Changed;

    public override void AddIdentity(ClaimsIdentity identity)
    {
        _identitiesChanged = true;
        base.AddIdentity(identity);
    }

    public override void AddIdentities(IEnumerable<ClaimsIdentity> identities)
    {
        _identitiesChanged = true;
        base.AddIdentities(identities);
    }
}
