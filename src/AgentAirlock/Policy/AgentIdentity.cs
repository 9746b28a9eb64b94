using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Policy;

/// <summary>
/// Who is calling: the agent id and roles read once per request from <c>HttpContext.User</c>, whichever
/// authentication scheme produced it.
/// </summary>
internal sealed class AgentIdentity
{
    private static readonly string[] RoleClaimFallbacks = ["role", "roles"];

    private readonly IPAddress? _anonymousAddress;
    private string? _partition;

    private AgentIdentity(string? agentId, string[] roles, IPAddress? anonymousAddress, IdentityOptions? options = null)
    {
        Options = options;
        AgentId = agentId;
        Roles = roles;
        _partition = agentId;
        _anonymousAddress = anonymousAddress;
    }

    /// <summary>Gets the agent id, or <see langword="null"/> for an anonymous caller.</summary>
    public string? AgentId { get; }

    public bool IsAuthenticated => AgentId is not null;

    public string[] Roles { get; }

    /// <summary>Gets the identity options an API key's identity was derived under; <see langword="null"/> for others.</summary>
    internal IdentityOptions? Options { get; }

    /// <summary>Gets the key rate limits partition this caller by: the agent id, or the remote address when anonymous.</summary>
    public string Partition => _partition ??= "anonymous@" + AddressPartition(_anonymousAddress);

    /// <summary>
    /// An IPv4 address stands for itself; an IPv6 address for its /64 network, because one host commonly holds a whole
    /// /64 and could otherwise spread its calls over as many buckets as it likes.
    /// </summary>
    private static string AddressPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    public static AgentIdentity From(HttpContext context, IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ClaimsPrincipal user = context.User;
        if (user is ApiKeyPrincipal { IsUnchanged: true } issued && ReferenceEquals(issued.Agent.Options, options))
        {
            return issued.Agent;
        }

        if (user.Identity?.IsAuthenticated != true)
        {
            // Only a rate limit needs the partition of an anonymous caller: its address is formatted on first use.
            return new AgentIdentity(null, [], context.Connection.RemoteIpAddress);
        }

        return FromClaims(user, options);
    }

    /// <summary>
    /// Derives the identity of an authenticated principal from its claims. An API key's identity is derived once, from
    /// the claims the scheme issues, and remembers <paramref name="options"/> so it is reused only under the same options.
    /// </summary>
    public static AgentIdentity FromClaims(ClaimsPrincipal user, IdentityOptions options, bool remember = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(options);

        string agentId = user.FindFirst(options.AgentIdClaimType)?.Value
            ?? user.FindFirst("sub")?.Value
            ?? user.Identity?.Name
            ?? "authenticated";

        // The JWT names "role" and "roles" stand in for the default claim type only: an operator who names another
        // claim type grants roles through that claim alone.
        bool fallbacks = options.RoleClaimType == ClaimTypes.Role;
        var roles = new List<string>();
        foreach (Claim claim in user.Claims)
        {
            if ((claim.Type == options.RoleClaimType || (fallbacks && Array.IndexOf(RoleClaimFallbacks, claim.Type) >= 0))
                && !string.IsNullOrEmpty(claim.Value) && !roles.Contains(claim.Value))
            {
                roles.Add(claim.Value);
            }
        }

        return new AgentIdentity(agentId, [.. roles], null, remember ? options : null);
    }
}
