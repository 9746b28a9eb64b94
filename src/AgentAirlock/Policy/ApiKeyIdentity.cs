using System.Security.Claims;

namespace AgentAirlock.Policy;

/// <summary>The claims identity of an API key; it notes any change made to its claims after it was issued.</summary>
internal sealed class ApiKeyIdentity(IEnumerable<Claim> claims, string scheme, string roleClaimType)
    : ClaimsIdentity(claims, scheme, ClaimTypes.Name, roleClaimType)
{
    public bool Changed { get; private set; }

    public override void AddClaim(Claim claim)
    {
        Changed = true;
        base.AddClaim(claim);
    }

    public override void AddClaims(IEnumerable<Claim?> claims)
    {
        Changed = true;
        base.AddClaims(claims);
    }

    public override bool TryRemoveClaim(Claim? claim)
    {
        Changed = true;
        return base.TryRemoveClaim(claim);
    }

    public override void RemoveClaim(Claim? claim)
    {
        Changed = true;
        base.RemoveClaim(claim);
    }
}
