using System.Text.Json;
using AgentAirlock.Audit;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>Reads the audit files a host wrote: its records, and the verdict of the chain verifier on them.</summary>
internal static class AuditFiles
{
    public static string[] In(string directory) =>
        [.. Directory.GetFiles(directory, "*.jsonl").Order(StringComparer.Ordinal)];

    public static List<JsonElement> Records(string directory) =>
        [.. In(directory).SelectMany(File.ReadAllLines).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement)];

    public static string Text(string directory) => string.Concat(In(directory).Select(File.ReadAllText));

    public static AuditVerificationResult Verify(string directory) => AuditChainVerifier.Verify(In(directory), requireGenesis: true);

    /// <summary>
    /// The record of the call with JSON-RPC id <paramref name="id"/>. A record is written once the response is complete,
    /// which a client may see a moment before the server's pipeline returns: wait for it.
    /// </summary>
    public static async Task<JsonElement> RecordOfAsync(string directory, string id)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            if (Directory.Exists(directory))
            {
                foreach (JsonElement record in Records(directory))
                {
                    if (record.TryGetProperty("RequestId", out JsonElement requestId) && requestId.GetString() == id)
                    {
                        return record;
                    }
                }
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException($"No audit record of request '{id}' in {directory}.");
    }

    /// <summary>Waits until at least <paramref name="count"/> records are on file, and returns them.</summary>
    public static async Task<List<JsonElement>> AtLeastAsync(string directory, int count)
    {
        List<JsonElement> records = [];
        for (int attempt = 0; attempt < 400; attempt++)
        {
            records = Directory.Exists(directory) ? Records(directory) : [];
            if (records.Count >= count)
            {
                return records;
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException($"{records.Count} audit records in {directory}, expected at least {count}.");
    }

    public static string? String(JsonElement record, string name) =>
        record.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
