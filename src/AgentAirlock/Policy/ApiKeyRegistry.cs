using System.Security.Claims;

namespace AgentAirlock.Policy;

/// <summary>
/// The configured API keys, decoded once per version of the options: authentication handlers are made per request,
/// so what they share must live here.
/// </summary>
internal sealed class ApiKeyRegistry
{
    private readonly AirlockOptionsAccessor _options;
    private volatile Snapshot? _snapshot;

    public ApiKeyRegistry(AirlockOptionsAccessor options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Gets the keys of the current options.</summary>
    public Entry[] Current
    {
        get
        {
            AirlockOptions options = _options.Current;
            Snapshot? snapshot = _snapshot;
            if (snapshot is null || !ReferenceEquals(snapshot.Options, options))
            {
                snapshot = new Snapshot(options, Decode(options.Policy.Identity));
                _snapshot = snapshot;
            }

            return snapshot.Entries;
        }
    }

    private static Entry[] Decode(IdentityOptions identity)
    {
        var entries = new List<Entry>(identity.ApiKeys.Count);
        foreach ((string name, ApiKeyOptions key) in identity.ApiKeys)
        {
            // Options validation refuses a malformed hash at start-up and on reload; this only skips what it let through.
            if (ApiKeyDigest.TryParse(key.Sha256, out byte[] digest))
            {
                entries.Add(new Entry(name, digest, key.AgentId, [.. key.Roles], identity));
            }
        }

        return [.. entries];
    }

    private sealed record Snapshot(AirlockOptions Options, Entry[] Entries);

    /// <summary>One configured key: its name, the SHA-256 of the key, and who it stands for.</summary>
    /// <remarks>A class, not a record: it caches what it derives, which must not take part in equality or copies.</remarks>
    public sealed class Entry(string name, byte[] digest, string agentId, string[] roles, IdentityOptions claims)
    {
        public string Name { get; } = name;

        public byte[] Digest { get; } = digest;

        public string AgentId { get; } = agentId;

        public string[] Roles { get; } = roles;

        public IdentityOptions Claims { get; } = claims;

        /// <summary>Gets the agent identity these claims give under the options the entry was decoded with.</summary>
        public AgentIdentity Agent => _agent ??= AgentIdentity.FromClaims(new ClaimsPrincipal(new ClaimsIdentity(ClaimTemplates, "key", ClaimTypes.Name, Claims.RoleClaimType)), Claims, remember: true);

        private AgentIdentity? _agent;
        private Claim[]? _claims;

        /// <summary>
        /// Gets the key's claims, made once: an identity holds copies of the claims it is given (each bound to it), so
        /// these are never handed out themselves.
        /// </summary>
        private Claim[] ClaimTemplates => _claims ??= BuildClaims();

        public ClaimsPrincipal Principal(string scheme) =>
            new ApiKeyPrincipal(new ApiKeyIdentity(ClaimTemplates, scheme, Claims.RoleClaimType), Agent);

        private Claim[] BuildClaims()
        {
            var claims = new List<Claim>(Roles.Length + 3)
            {
                new(Claims.AgentIdClaimType, AgentId),
                new(ClaimTypes.Name, AgentId),
                new(AirlockApiKeyDefaults.KeyNameClaimType, Name),
            };
            foreach (string role in Roles)
            {
                claims.Add(new Claim(Claims.RoleClaimType, role));
            }

            return [.. claims];
        }
    }
}
