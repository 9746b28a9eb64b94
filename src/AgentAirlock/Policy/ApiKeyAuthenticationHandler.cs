using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AgentAirlock.Policy;

/// <summary>
/// Authenticates callers by API key, sent as <c>X-API-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>.
/// Keys are configured only as SHA-256 hashes; a presented key is hashed and compared with every configured hash in
/// constant time. A key that matches none fails authentication (HTTP 401 from the policy layer), except a bearer
/// token shaped like a JWT, which is left to a JWT scheme.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<ApiKeyAuthenticationOptions>
{
    private readonly ApiKeyRegistry _keys;

    public ApiKeyAuthenticationHandler(
        IOptionsMonitor<ApiKeyAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        ApiKeyRegistry keys)
        : base(options, logger, encoder)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = Request.Headers[AirlockApiKeyDefaults.HeaderName];
        bool fromBearer = false;
        if (!string.IsNullOrEmpty(presented) && Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            // Two credentials could name two callers; neither is chosen over the other.
            return Task.FromResult(AuthenticateResult.Fail("Both an X-API-Key and an Authorization header were sent; send one credential."));
        }

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

        Span<byte> digest = stackalloc byte[ApiKeyDigest.Length];
        ApiKeyDigest.Compute(presented.AsSpan().Trim(), digest);

        // Compare with every key, without stopping early, so timing says nothing about which (or whether one) matched.
        ApiKeyRegistry.Entry? match = null;
        foreach (ApiKeyRegistry.Entry key in _keys.Current)
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
}
