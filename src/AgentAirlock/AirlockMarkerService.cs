namespace AgentAirlock;

/// <summary>Registered by <c>AddAirlock</c>, so <c>UseAirlock</c> can tell the services are missing.</summary>
internal sealed class AirlockMarkerService;
