using System.Net;
using System.Security.Claims;
using AgentAirlock.Policy;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Policy;

public sealed class AgentIdentityReadsTheUser
{
    private static AgentIdentity From(IEnumerable<Claim> claims, IdentityOptions? options = null, string? nameClaimType = null, string? authenticationType = "test")
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, nameClaimType ?? ClaimTypes.Name, ClaimTypes.Role)),
        };
        context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
        return AgentIdentity.From(context, options ?? new IdentityOptions());
    }

    [Fact]
    public void The_agent_id_is_the_name_identifier_by_default()
    {
        AgentIdentity identity = From([new(ClaimTypes.NameIdentifier, "agent-1"), new("sub", "other"), new(ClaimTypes.Name, "Agent One")]);

        Assert.True(identity.IsAuthenticated);
        Assert.Equal("agent-1", identity.AgentId);
        Assert.Equal("agent-1", identity.Partition);
    }

    [Fact]
    public void The_agent_id_claim_type_is_configurable()
    {
        var options = new IdentityOptions { AgentIdClaimType = "client_id" };

        AgentIdentity identity = From([new(ClaimTypes.NameIdentifier, "user-9"), new("client_id", "agent-2")], options);

        Assert.Equal("agent-2", identity.AgentId);
    }

    [Fact]
    public void Without_the_configured_claim_sub_is_used()
    {
        AgentIdentity identity = From([new("sub", "agent-3"), new(ClaimTypes.Name, "Agent Three")]);

        Assert.Equal("agent-3", identity.AgentId);
    }

    [Fact]
    public void Without_sub_the_identitys_name_is_used()
    {
        AgentIdentity identity = From([new("preferred_username", "agent-4")], nameClaimType: "preferred_username");

        Assert.Equal("agent-4", identity.AgentId);
    }

    [Fact]
    public void An_authenticated_user_with_no_id_at_all_is_still_authenticated()
    {
        AgentIdentity identity = From([new("scope", "mcp")]);

        Assert.True(identity.IsAuthenticated);
        Assert.Equal("authenticated", identity.AgentId);
    }

    [Fact]
    public void Roles_come_from_the_role_claim_type_and_from_role_and_roles_claims()
    {
        AgentIdentity identity = From(
        [
            new(ClaimTypes.NameIdentifier, "a"),
            new(ClaimTypes.Role, "admin"),
            new("role", "reader"),
            new("roles", "auditor"),
            new("roles", "admin"),
            new("groups", "not-a-role"),
            new(ClaimTypes.Role, string.Empty),
        ]);

        Assert.Equal(["admin", "reader", "auditor"], identity.Roles);
    }

    [Fact]
    public void The_role_claim_type_is_configurable()
    {
        var options = new IdentityOptions { RoleClaimType = "groups" };

        AgentIdentity identity = From([new(ClaimTypes.NameIdentifier, "a"), new("groups", "ops"), new(ClaimTypes.Role, "admin")], options);

        Assert.Equal(["ops"], identity.Roles);
    }

    [Fact]
    public void A_configured_role_claim_type_is_the_only_source_of_roles()
    {
        var options = new IdentityOptions { RoleClaimType = "groups" };

        AgentIdentity identity = From([new(ClaimTypes.NameIdentifier, "a"), new("groups", "ops"), new("role", "admin"), new("roles", "auditor")], options);

        Assert.Equal(["ops"], identity.Roles);
    }

    [Fact]
    public void Role_names_are_kept_as_they_are()
    {
        AgentIdentity identity = From([new(ClaimTypes.NameIdentifier, "a"), new("role", "Reader"), new("role", "reader")]);

        Assert.Equal(["Reader", "reader"], identity.Roles);
    }

    [Fact]
    public void An_unauthenticated_user_is_anonymous_whatever_its_claims()
    {
        AgentIdentity identity = From([new(ClaimTypes.NameIdentifier, "forged"), new(ClaimTypes.Role, "admin")], authenticationType: null);

        Assert.False(identity.IsAuthenticated);
        Assert.Null(identity.AgentId);
        Assert.Empty(identity.Roles);
        Assert.Equal("anonymous@198.51.100.7", identity.Partition);
    }

    [Theory]
    [InlineData("203.0.113.5", "anonymous@203.0.113.5")]
    [InlineData("2001:db8::7", "anonymous@2001:db8::/64")]
    [InlineData("2001:db8:0:0:ffff:1:2:3", "anonymous@2001:db8::/64")]
    [InlineData("2001:db8:0:1::7", "anonymous@2001:db8:0:1::/64")]
    [InlineData("::ffff:203.0.113.5", "anonymous@203.0.113.5")]
    [InlineData(null, "anonymous@unknown")]
    public void Anonymous_callers_are_partitioned_by_their_ipv4_address_or_ipv6_network(string? address, string partition)
    {
        Assert.Equal(partition, Agents.Anonymous(address).Partition);
    }
}
