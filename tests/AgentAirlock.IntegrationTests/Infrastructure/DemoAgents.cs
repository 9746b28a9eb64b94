namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>
/// The sample's demo agents (root appsettings.json, Airlock:Policy:Identity:ApiKeys, stored there as SHA-256 hashes):
/// <c>reader</c> (role reader: the ReadOnly policy and 30 calls a minute) and <c>admin</c> (every tool; delete_record
/// only Mon–Fri 09:00–17:00 UTC). Callers without a key are refused with HTTP 401.
/// </summary>
internal static class DemoAgents
{
    public const string ApiKeyHeader = "X-API-Key";

    public const string ReaderKey = "airlock-demo-reader";

    public const string AdminKey = "airlock-demo-admin";

    /// <summary>A Wednesday noon, UTC: inside the admin's business-hours window for delete_record.</summary>
    public static readonly DateTimeOffset InsideBusinessHours = new(2026, 1, 14, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Headers that present <paramref name="key"/> as an API key; none for <see langword="null"/>.</summary>
    public static Dictionary<string, string> KeyHeaders(string? key) =>
        key is null ? [] : new Dictionary<string, string> { [ApiKeyHeader] = key };
}
