using System.Diagnostics.Metrics;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentAirlock.IntegrationTests.Audit;

/// <summary>
/// The sample with its audit file under a path that cannot be written: a regular file stands where the audit directory
/// should be created (a failure even for root), until the test removes it.
/// </summary>
public abstract class UnwritableAuditSampleFactory : SampleFactory
{
    private readonly string _root = Directory.CreateTempSubdirectory("airlock-audit-blocked-").FullName;

    protected UnwritableAuditSampleFactory()
    {
        File.WriteAllText(Blocker, "not a directory");
    }

    /// <summary>The file that stands where the audit directory should be.</summary>
    internal string Blocker => Path.Combine(_root, "audit");

    internal string AuditPath => Path.Combine(Blocker, "airlock-audit-.jsonl");

    protected abstract string FailureMode { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Airlock:Audit:Path"] = AuditPath,
        ["Airlock:Audit:FailureMode"] = FailureMode,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Directory.Delete(_root, recursive: true);
    }
}

public sealed class ClosedAuditSampleFactory : UnwritableAuditSampleFactory
{
    protected override string FailureMode => "Closed";
}

public sealed class OpenAuditSampleFactory : UnwritableAuditSampleFactory
{
    protected override string FailureMode => "Open";
}

/// <summary>
/// A failing audit sink never fails a call silently: Closed refuses calls while no record can be written and serves them
/// again once one can; Open serves them and counts every lost record.
/// </summary>
public sealed class AuditFailureModeDecidesTests(ClosedAuditSampleFactory closed, OpenAuditSampleFactory open)
    : IClassFixture<ClosedAuditSampleFactory>, IClassFixture<OpenAuditSampleFactory>
{
    [Fact]
    public async Task Closed_refuses_calls_while_records_cannot_be_written_and_serves_them_once_they_can()
    {
        HttpClient client = closed.CreateClient();
        using var lost = new MetricCollector<long>(closed.Services.GetRequiredService<IMeterFactory>(), "AgentAirlock", "airlock.audit.lost");

        // The first call is answered before its record fails: from then on, calls are refused.
        await client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2}"""));
        await WaitForAsync(() => lost.GetMeasurementSnapshot().Count >= 1);

        string refusedId = McpHttp.NewId();
        McpAnswer refused = await client.SendMcpAsync(McpHttp.ToolCall(refusedId, "add", """{"a":1,"b":2}"""));
        System.Text.Json.JsonElement block = Blocks.AssertBlocked(refused, "add", "audit_unavailable");
        Assert.NotEmpty(Blocks.FixHints(block));
        Assert.False(closed.Calls.Saw(refusedId));
        await WaitForAsync(() => lost.GetMeasurementSnapshot().Sum(m => m.Value) >= 2); // the refusal's own record

        // Once the audit file can be written again, the next record (the next refusal's) is written and calls are served.
        File.Delete(closed.Blocker);
        string recoveringId = McpHttp.NewId();
        await client.SendMcpAsync(McpHttp.ToolCall(recoveringId, "add", """{"a":1,"b":2}"""));
        string auditDirectory = Path.GetDirectoryName(closed.AuditPath)!;
        Assert.Equal("audit", AuditFiles.String(await AuditFiles.RecordOfAsync(auditDirectory, recoveringId), "Layer"));
        string id = McpHttp.NewId();
        McpAnswer served = await client.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":1,"b":2}"""));

        Assert.Equal("3", Blocks.AssertToolSucceeded(served));
        Assert.Equal("allowed", AuditFiles.String(await AuditFiles.RecordOfAsync(auditDirectory, id), "Decision"));
        Assert.All(lost.GetMeasurementSnapshot(), m => Assert.Equal("closed", m.Tags["airlock.audit.failure_mode"]));
    }

    [Fact]
    public async Task Open_serves_calls_and_counts_each_record_it_could_not_write()
    {
        HttpClient client = open.CreateClient();
        using var lost = new MetricCollector<long>(open.Services.GetRequiredService<IMeterFactory>(), "AgentAirlock", "airlock.audit.lost");

        for (int i = 0; i < 3; i++)
        {
            McpAnswer answer = await client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"b":2}"""));
            Assert.Equal("3", Blocks.AssertToolSucceeded(answer));
        }

        await WaitForAsync(() => lost.GetMeasurementSnapshot().Count >= 3);
        Assert.Equal(3, lost.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.All(lost.GetMeasurementSnapshot(), m => Assert.Equal("open", m.Tags["airlock.audit.failure_mode"]));
        Assert.Contains(open.Logs.Events, e => LogCapture.Scalar(e, "SourceContext") == "AgentAirlock.Audit.AuditTrail" && e.Level == Serilog.Events.LogEventLevel.Error);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int attempt = 0; attempt < 200 && !condition(); attempt++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
