namespace AgentAirlock.Audit;

/// <summary>The Airlock layer that made a decision.</summary>
internal enum AirlockLayer
{
    Envelope,
    Policy,
    Validation,
    Sanitizer,
    Sandbox,

    /// <summary>The audit trail itself (calls refused while their records cannot be written).</summary>
    Audit,
}

internal static class AirlockLayerNames
{
    private static readonly string[] Names = ["envelope", "policy", "validation", "sanitizer", "sandbox", "audit"];

    /// <summary>The layer's name in logs, metrics and audit records.</summary>
    public static string ToName(this AirlockLayer layer) => Names[(int)layer];
}
