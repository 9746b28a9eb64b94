namespace AgentAirlock.Sanitization;

/// <summary>The two families of <see cref="SensitiveDataType"/>: personal data, and secrets (credentials and keys).</summary>
internal static class SensitiveDataTypes
{
    /// <summary>The enum lists personal data first and secrets from <see cref="SensitiveDataType.AwsAccessKeyId"/> on.</summary>
    public static bool IsSecret(this SensitiveDataType type) => type >= SensitiveDataType.AwsAccessKeyId;

    public static IEnumerable<SensitiveDataType> PersonalData { get; } = [.. Enum.GetValues<SensitiveDataType>().Where(t => !t.IsSecret())];
}
