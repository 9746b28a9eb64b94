using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Policy;

/// <summary>
/// Authenticates callers by API key, sent as <c>X-API-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>.
/// Keys are configured only as SHA-256 hashes; a presented key is hashed and compared with every configured hash in
/// constant time. A key that matches none fails authentication (HTTP 401 from the policy layer), except a bearer
/// token shaped like a JWT, which is left to a JWT scheme.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<ApiKeyAuthenticationOptions>
{
    private readonly AirlockOptionsAccessor _airlock;
    private volatile CompiledKeys? _keys;

    public ApiKeyAuthenticationHandler(
        IOptionsMonitor<ApiKeyAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        AirlockOptionsAccessor airlock)
        : base(options, logger, encoder)
    {
        ArgumentNullException.ThrowIfNull(airlock);
        _airlock = airlock;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = Request.Headers[AirlockApiKeyDefaults.HeaderName];
        bool fromBearer = false;
        if (string.IsNullOrEmpty(presented))
        {
            string? authorization = Request.Headers.Authorization;
            if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            presented = authorization["Bearer ".Length..].Trim();
            fromBearer = true;
            if (LooksLikeJwt(presented))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
        }

        CompiledKeys keys = Keys();
        Span<byte> digest = stackalloc byte[ApiKeyDigest.Length];
        ApiKeyDigest.Compute(presented.AsSpan().Trim(), digest);

        // Compare with every key, without stopping early, so timing says nothing about which (or whether one) matched.
        ApiKeyIdentity? match = null;
        foreach (ApiKeyIdentity key in keys.All)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                match ??= key;
            }
        }

        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail(fromBearer
                ? "The bearer token is not a configured API key."
                : "The API key is not valid."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(match.Principal(Scheme.Name), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = AirlockApiKeyDefaults.Challenge;
        return Task.CompletedTask;
    }

    private static bool LooksLikeJwt(string token)
    {
        int dots = 0;
        foreach (char c in token)
        {
            dots += c == '.' ? 1 : 0;
        }

        return dots == 2 && token.StartsWith("eyJ", StringComparison.Ordinal);
    }

    private CompiledKeys Keys()
    {
        AirlockOptions options = _airlock.Current;
        CompiledKeys? keys = _keys;
        if (keys is not null && ReferenceEquals(keys.Options, options))
        {
            return keys;
        }

        var all = new List<ApiKeyIdentity>();
        foreach ((string name, ApiKeyOptions key) in options.Policy.Identity.ApiKeys)
        {
            if (ApiKeyDigest.TryParse(key.Sha256, out byte[] digest))
            {
                all.Add(new ApiKeyIdentity(name, digest, key.AgentId, [.. key.Roles], options.Policy.Identity));
            }
        }

        keys = new CompiledKeys(options, [.. all]);
        _keys = keys;
        return keys;
    }

    private sealed record CompiledKeys(AirlockOptions Options, ApiKeyIdentity[] All);

    private sealed record ApiKeyIdentity(string Name, byte[] Digest, string AgentId, string[] Roles, IdentityOptions Claims)
    {
        public ClaimsPrincipal Principal(string scheme)
        {
            var claims = new List<Claim>(Roles.Length + 3)
            {
                new(Claims.AgentIdClaimType, AgentId),
                new(ClaimTypes.Name, AgentId),
                new(AirlockApiKeyDefaults.KeyNameClaimType, Name),
            };
            claims.AddRange(Roles.Select(role => new Claim(Claims.RoleClaimType, role)));
            return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, Claims.RoleClaimType));
        }
    }
}
