namespace AgentAirlock.Audit;

/// <summary>The Airlock layer that made a decision.</summary>
internal enum AirlockLayer
{
    Envelope,
    Policy,
    Validation,
    Sanitizer,
    Sandbox,
}
