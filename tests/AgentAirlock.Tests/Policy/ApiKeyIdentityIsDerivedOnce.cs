using System.Security.Claims;
using AgentAirlock.Policy;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Policy;

public sealed class ApiKeyIdentityIsDerivedOnce
{
    private static readonly IdentityOptions Options = new();

    private static ApiKeyRegistry.Entry Entry(IdentityOptions options) =>
        new("reader", new byte[32], "agent-7", ["reader", "reader", "", "auditor"], options);

    private static AgentIdentity Read(ClaimsPrincipal user, IdentityOptions options) =>
        AgentIdentity.From(new DefaultHttpContext { User = user }, options);

    [Fact]
    public void Every_principal_of_a_key_yields_the_same_identity_object()
    {
        ApiKeyRegistry.Entry entry = Entry(Options);

        AgentIdentity first = Read(entry.Principal("AirlockApiKey"), Options);
        AgentIdentity second = Read(entry.Principal("AirlockApiKey"), Options);

        Assert.Same(first, second);
        Assert.Equal("agent-7", first.AgentId);
        Assert.Equal(["reader", "auditor"], first.Roles);
    }

    [Fact]
    public void The_cached_identity_equals_what_the_claims_give()
    {
        ApiKeyRegistry.Entry entry = Entry(Options);
        ClaimsPrincipal principal = entry.Principal("AirlockApiKey");

        AgentIdentity cached = Read(principal, Options);
        AgentIdentity derived = AgentIdentity.FromClaims(principal, Options);

        Assert.Equal(derived.AgentId, cached.AgentId);
        Assert.Equal(derived.Roles, cached.Roles);
    }

    [Fact]
    public void Principals_of_a_key_never_share_a_claim()
    {
        ApiKeyRegistry.Entry entry = Entry(Options);
        var first = (ClaimsIdentity)entry.Principal("AirlockApiKey").Identity!;
        var second = (ClaimsIdentity)entry.Principal("AirlockApiKey").Identity!;

        // A claim belongs to its identity (Subject): one shared between requests would name another request's identity.
        Assert.All(first.Claims, claim => Assert.Same(first, claim.Subject));
        Assert.All(second.Claims, claim => Assert.Same(second, claim.Subject));
        Assert.Empty(first.Claims.Intersect(second.Claims, ReferenceEqualityComparer.Instance));
        Assert.Equal(first.Claims.Select(c => (c.Type, c.Value)), second.Claims.Select(c => (c.Type, c.Value)));
    }

    [Fact]
    public void A_role_added_by_a_claims_transformation_is_honoured()
    {
        ClaimsPrincipal principal = Entry(Options).Principal("AirlockApiKey");
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "admin"));

        AgentIdentity identity = Read(principal, Options);

        Assert.Contains("admin", identity.Roles);
    }

    [Fact]
    public void An_identity_added_by_a_claims_transformation_is_honoured()
    {
        ClaimsPrincipal principal = Entry(Options).Principal("AirlockApiKey");
        principal.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")]));

        AgentIdentity identity = Read(principal, Options);

        Assert.Contains("admin", identity.Roles);
    }

    [Fact]
    public void Other_options_read_the_claims_again()
    {
        ClaimsPrincipal principal = Entry(Options).Principal("AirlockApiKey");
        var other = new IdentityOptions { AgentIdClaimType = ClaimTypes.Name };

        AgentIdentity identity = Read(principal, other);

        Assert.Equal("agent-7", identity.AgentId);
        Assert.NotSame(Read(principal, Options), identity);
    }
}
