using System.Net;

namespace AgentAirlock.Protocol;

/// <summary>
/// The <c>Origin</c> check the MCP streamable HTTP transport requires against DNS rebinding: a browser origin
/// must be configured (or be a loopback origin when none is configured); non-browser clients send no Origin.
/// </summary>
internal static class OriginPolicy
{
    public static bool IsAllowed(string origin, IList<string> allowedOrigins)
    {
        ReadOnlySpan<char> normalized = origin.AsSpan().Trim().TrimEnd('/');
        foreach (string allowed in allowedOrigins)
        {
            if (allowed == "*" || normalized.Equals(allowed.AsSpan().Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (allowedOrigins.Count > 0)
        {
            return false;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && IsLoopbackHost(uri.Host);
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
}
