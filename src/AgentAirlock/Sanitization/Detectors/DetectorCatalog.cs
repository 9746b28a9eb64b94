namespace AgentAirlock.Sanitization.Detectors;

/// <summary>Every built-in detector: the PII family and the secrets family.</summary>
internal static class DetectorCatalog
{
    public static IReadOnlyList<IDetector> All { get; } = [.. PiiDetectors.Create(), .. SecretDetectors.Create()];
}
