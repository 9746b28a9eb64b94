namespace AgentAirlock.Policy;

/// <summary>
/// Names of Airlock's API-key authentication scheme.
/// </summary>
public static class AirlockApiKeyDefaults
{
    /// <summary>The scheme name: <c>AirlockApiKey</c>.</summary>
    public const string AuthenticationScheme = "AirlockApiKey";

    /// <summary>The header an API key is sent in (it may also be sent as <c>Authorization: Bearer &lt;key&gt;</c>).</summary>
    public const string HeaderName = "X-API-Key";

    /// <summary>The claim that names the configured key a caller presented (its name, never the key).</summary>
    public const string KeyNameClaimType = "airlock_api_key";

    internal const string Challenge = "ApiKey realm=\"Agent Airlock\", header=\"X-API-Key\"";
}
