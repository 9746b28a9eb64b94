using AgentAirlock.Policy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

#pragma warning disable IDE0130 // Extension methods live in the namespace of the type they extend, by convention.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Adds Airlock's API-key authentication scheme.
/// </summary>
public static class AirlockApiKeyAuthenticationExtensions
{
    /// <summary>
    /// Adds the API-key scheme (<see cref="AirlockApiKeyDefaults.AuthenticationScheme"/>). Keys are configured as
    /// SHA-256 hashes in <c>Airlock:Policy:Identity:ApiKeys</c> and read live; make it the default scheme
    /// (<c>AddAuthentication(AirlockApiKeyDefaults.AuthenticationScheme)</c>) or select it with a policy scheme.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddAirlockApiKeys(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ApiKeyRegistry>();
        return builder.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(AirlockApiKeyDefaults.AuthenticationScheme, displayName: "Agent Airlock API key", configureOptions: null);
    }
}
