using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Audit;

/// <summary>The sample with keyed argument digests in its audit records.</summary>
public sealed class DigestingAuditSampleFactory : SampleFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Airlock:Audit:ArgumentDigests"] = "true",
        ["Airlock:Audit:DigestKey"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("a test key of thirty-two bytes!!")),
    };
}

/// <summary>With digests on, equal argument values are recognisable across records, and the values themselves are not there.</summary>
public sealed class AuditArgumentDigestsTests(DigestingAuditSampleFactory factory) : IClassFixture<DigestingAuditSampleFactory>
{
    [Fact]
    public async Task Equal_values_have_equal_digests_and_different_values_different_ones_and_no_value_is_written()
    {
        HttpClient client = factory.CreateClient();
        string marker = "doc-" + Guid.NewGuid().ToString("N");
        string first = McpHttp.NewId(), second = McpHttp.NewId(), third = McpHttp.NewId();

        await client.SendMcpAsync(McpHttp.ToolCall(first, "search_documents", $$"""{"query":"{{marker}}","limit":3}"""));
        await client.SendMcpAsync(McpHttp.ToolCall(second, "search_documents", $$"""{"query":"{{marker}}","limit":3}"""));
        await client.SendMcpAsync(McpHttp.ToolCall(third, "search_documents", $$"""{"query":"{{marker}}x","limit":3}"""));

        string?[] a = Digests(await AuditFiles.RecordOfAsync(factory.AuditDirectory, first));
        string?[] b = Digests(await AuditFiles.RecordOfAsync(factory.AuditDirectory, second));
        string?[] c = Digests(await AuditFiles.RecordOfAsync(factory.AuditDirectory, third));
        Assert.All(a, digest => Assert.Matches("^[0-9a-f]{32}$", digest));
        Assert.Equal(a, b);
        Assert.Equal(a[0], c[0]); // limit: 3 both times
        Assert.NotEqual(a[1], c[1]); // query: a different value
        Assert.DoesNotContain(marker, AuditFiles.Text(factory.AuditDirectory), StringComparison.Ordinal);
    }

    private static string?[] Digests(JsonElement record) =>
        [.. record.GetProperty("Arguments").EnumerateArray().OrderBy(a => a.GetProperty("Name").GetString(), StringComparer.Ordinal)
            .Select(a => a.GetProperty("Digest").GetString())];
}
