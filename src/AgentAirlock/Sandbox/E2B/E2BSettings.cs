using System.Collections.Frozen;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// The E2B options of one moment, checked and resolved: the key (from configuration or <c>E2B_API_KEY</c>), the
/// control-plane URL and how envd is reached. Sandboxes remember the settings that created them, so a pooled sandbox
/// is never used once the configuration has moved on.
/// </summary>
internal sealed class E2BSettings
{
    /// <summary>The environment variable E2B's own SDKs read the key from.</summary>
    public const string ApiKeyVariable = "E2B_API_KEY";

    // Domains served by E2B's shared sandbox host, where envd is reached at sandbox.{domain} and routed by headers.
    private static readonly FrozenSet<string> SharedHostDomains =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "e2b.app", "e2b.dev", "e2b.pro", "e2b-staging.dev");

    private E2BSettings(string apiKey, string template, Uri apiUrl, string domain, Uri? sandboxUrl, string dotnetPath,
        IReadOnlyDictionary<string, string> environment, int poolSize)
    {
        ApiKey = apiKey;
        Template = template;
        ApiUrl = apiUrl;
        Domain = domain;
        SandboxUrl = sandboxUrl;
        DotnetPath = dotnetPath;
        Environment = environment;
        PoolSize = poolSize;
    }

    /// <summary>Gets the API key; a secret, never logged or put into a message.</summary>
    public string ApiKey { get; }

    public string Template { get; }

    public Uri ApiUrl { get; }

    public string Domain { get; }

    public Uri? SandboxUrl { get; }

    public string DotnetPath { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int PoolSize { get; }

    /// <summary>Resolves <paramref name="options"/>; on a problem returns <see langword="null"/> and names it in <paramref name="problem"/>.</summary>
    public static E2BSettings? Resolve(E2BOptions options, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        string apiKey = !string.IsNullOrWhiteSpace(options.ApiKey)
            ? options.ApiKey.Trim()
            : System.Environment.GetEnvironmentVariable(ApiKeyVariable)?.Trim() ?? "";
        if (apiKey.Length == 0)
        {
            problem = "E2B is not configured: there is no API key (set Airlock:Sandbox:E2B:ApiKey or the E2B_API_KEY environment variable).";
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.Template))
        {
            problem = "E2B is not configured: there is no template (set Airlock:Sandbox:E2B:Template to a template that has the .NET runtime).";
            return null;
        }

        string domain = string.IsNullOrWhiteSpace(options.Domain) ? "e2b.app" : options.Domain.Trim();
        string apiUrl = string.IsNullOrWhiteSpace(options.ApiUrl) ? $"https://api.{domain}" : options.ApiUrl.Trim();
        if (!TryAbsolute(apiUrl, out Uri? api))
        {
            problem = "E2B is not configured: Airlock:Sandbox:E2B:ApiUrl is not an absolute http(s) URL.";
            return null;
        }

        Uri? sandboxUrl = null;
        if (!string.IsNullOrWhiteSpace(options.SandboxUrl) && !TryAbsolute(options.SandboxUrl.Trim(), out sandboxUrl))
        {
            problem = "E2B is not configured: Airlock:Sandbox:E2B:SandboxUrl is not an absolute http(s) URL.";
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.DotnetPath))
        {
            problem = "E2B is not configured: Airlock:Sandbox:E2B:DotnetPath is empty.";
            return null;
        }

        problem = null;
        return new E2BSettings(apiKey, options.Template.Trim(), api, domain, sandboxUrl, options.DotnetPath.Trim(),
            new Dictionary<string, string>(options.Environment, StringComparer.Ordinal), Math.Max(0, options.PoolSize));
    }

    /// <summary>Gets whether a sandbox created with <paramref name="other"/> may serve a call made under these settings.</summary>
    public bool CreatesSameSandboxesAs(E2BSettings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other)
            || (string.Equals(ApiKey, other.ApiKey, StringComparison.Ordinal)
                && string.Equals(Template, other.Template, StringComparison.Ordinal)
                && ApiUrl == other.ApiUrl
                && string.Equals(Domain, other.Domain, StringComparison.OrdinalIgnoreCase)
                && SandboxUrl == other.SandboxUrl);
    }

    /// <summary>Gets the base URL of envd in <paramref name="sandbox"/>: the override, the shared host, or the per-sandbox host.</summary>
    public Uri EnvdUrl(E2BSandboxHandle sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        if (SandboxUrl is not null)
        {
            return SandboxUrl;
        }

        string domain = string.IsNullOrEmpty(sandbox.Domain) ? Domain : sandbox.Domain;
        return SharedHostDomains.Contains(domain)
            ? new Uri($"https://sandbox.{domain}")
            : new Uri($"https://{E2BEnvdClient.EnvdPort}-{sandbox.SandboxId}.{domain}");
    }

    private static bool TryAbsolute(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
