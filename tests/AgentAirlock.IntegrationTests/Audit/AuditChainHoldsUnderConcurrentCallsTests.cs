using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Audit;

/// <summary>The sample as shipped, its audit files in a directory of this fixture's own.</summary>
public sealed class ConcurrentlyAuditedSampleFactory : SampleFactory;

/// <summary>Ten thousand calls at once: one record each, none lost, none twice, and the chain intact.</summary>
public sealed class AuditChainHoldsUnderConcurrentCallsTests(ConcurrentlyAuditedSampleFactory factory) : IClassFixture<ConcurrentlyAuditedSampleFactory>
{
    private const int Calls = 10_000;

    [Fact]
    public async Task Ten_thousand_concurrent_calls_leave_ten_thousand_records_in_one_intact_chain()
    {
        HttpClient client = factory.CreateClient();
        string[] ids = [.. Enumerable.Range(0, Calls).Select(i => "c-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        McpAnswer[] answers = await Task.WhenAll(ids.Select(id => Task.Run(() => client.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":2,"b":3}""")))));

        Assert.All(answers, answer => Assert.Equal("5", Blocks.AssertToolSucceeded(answer)));
        List<JsonElement> records = await AuditFiles.AtLeastAsync(factory.AuditDirectory, Calls);
        AuditVerificationResult verdict = AuditFiles.Verify(factory.AuditDirectory);
        Assert.True(verdict.Intact, verdict.Failure?.ToString());
        Assert.True(verdict.FromGenesis);
        Assert.Equal(Calls, verdict.Records);
        Assert.Equal(Calls, verdict.LastSequence);
        Assert.Equal(Calls, records.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), records.Select(r => AuditFiles.String(r, "RequestId")!).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal("allowed", AuditFiles.String(r, "Decision")));
    }
}
