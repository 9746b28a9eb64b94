using Microsoft.AspNetCore.Authentication;

namespace AgentAirlock.Policy;

/// <summary>Options of Airlock's API-key scheme; the keys themselves are configured in <c>Airlock:Policy:Identity:ApiKeys</c>.</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;
