using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentAirlock.Audit;
using AgentAirlock.Sanitization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// With no sink configured in <c>Airlock:Audit:Serilog</c>, the audit trail writes each record's line straight from the
/// record; with one, it builds a Serilog event that the file formats among the other sinks. Both ways write the same
/// line for the same record, byte for byte (but for the duration, measured when each is written, and so the hashes).
/// </summary>
public sealed partial class AuditTrailWritesTheSameLineWithOrWithoutOtherSinks : IDisposable
{
    private const string GitHubToken = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 1, 30, 0, TimeSpan.Zero);

    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_member_is_written_alike()
    {
        string[] direct = Write("direct", serilogSection: false);
        string[] throughSerilog = Write("serilog", serilogSection: true);

        Assert.Equal(Records().Count, direct.Length);
        Assert.Equal(Normalized(throughSerilog), Normalized(direct));
        Assert.True(AuditChainVerifier.Verify([_folder.PathOf("direct-20261124.jsonl")], requireGenesis: true).Intact);
        Assert.True(AuditChainVerifier.Verify([_folder.PathOf("serilog-20261124.jsonl")], requireGenesis: true).Intact);
    }

    [Fact]
    public void The_direct_line_holds_every_member_of_the_record()
    {
        string line = Write("direct", serilogSection: false)[0];

        Assert.Equal(
            ["Time", "Sequence", "RequestId", "HttpRequestId", "SessionId", "AgentId", "Roles", "Method", "Tool", "Decision", "Layer",
                "BlockReason", "HttpStatus", "Arguments", "StrippedArguments", "Redactions", "Truncated", "SandboxBackend", "SandboxOutcome",
                "Degraded", "ClientAborted", "DurationMs", "ProtocolVersion", "TraceId", "PreviousHash", "Hash"],
            AuditSinkFolder.Names(line));
        Assert.Equal("\"2026-11-24T01:30:00Z\"", AuditSinkFolder.Raw(line, "Time"));
        Assert.Equal("\"[GITHUB_TOKEN]\"", AuditSinkFolder.Raw(line, "Tool"));
        Assert.Equal("[\"admin\",\"reader\"]", AuditSinkFolder.Raw(line, "Roles"));
        Assert.Equal("{\"EMAIL\":2,\"PHONE\":1}", AuditSinkFolder.Raw(line, "Redactions"));
        Assert.Equal("[\"[GITHUB_TOKEN]\",\"ghost\"]", AuditSinkFolder.Raw(line, "StrippedArguments"));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", JsonSerializer.Deserialize<string>(AuditSinkFolder.Raw(line, "TraceId")));
        using JsonDocument arguments = JsonDocument.Parse(AuditSinkFolder.Raw(line, "Arguments"));
        Assert.Equal(["customer_id", "[GITHUB_TOKEN]", "note"], arguments.RootElement.EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
        Assert.Equal(["number", "string", "object"], arguments.RootElement.EnumerateArray().Select(a => a.GetProperty("Type").GetString()));
        Assert.All(arguments.RootElement.EnumerateArray(), a => Assert.Equal(32, a.GetProperty("Digest").GetString()!.Length));
        Assert.DoesNotContain(GitHubToken, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_id_holding_personal_data_is_masked()
    {
        string line = Write("direct", serilogSection: false)[2];

        Assert.Equal("\"[EMAIL]\"", AuditSinkFolder.Raw(line, "RequestId"));
        Assert.DoesNotContain("jane.doe", line, StringComparison.Ordinal);
    }

    private string[] Write(string prefix, bool serilogSection)
    {
        var configuration = new Dictionary<string, string?>();
        if (serilogSection)
        {
            // A section that adds no sink: the records then go through a Serilog logger, with the file as its only sink.
            configuration["Audit:Serilog:MinimumLevel:Default"] = "Verbose";
        }

        IConfiguration section = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        using AirlockOptionsAccessor options = OptionsAccessors.For(o =>
        {
            o.Audit.Enabled = true;
            o.Audit.Path = _folder.PathOf(prefix + "-.jsonl");
            o.Audit.ArgumentDigests = true;
            o.Audit.DigestKey = Convert.ToBase64String(new byte[32]);
        });
        using ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new AirlockTelemetry(meters.GetRequiredService<IMeterFactory>());
        using (var trail = new AuditTrail(options, new FakeTimeProvider(Now), telemetry, [new AirlockConfigurationSection(section)],
            [new SensitiveTextMasker()], NullLogger<AuditTrail>.Instance))
        {
            foreach (AuditRecord record in Records())
            {
                trail.Complete(record, 200);
            }
        }

        return AuditSinkFolder.Lines(_folder.PathOf(prefix + "-20261124.jsonl"));
    }

    /// <summary>A record with every member, one with none of the optional ones, and refusals of each kind.</summary>
    private static List<AuditRecord> Records()
    {
        using JsonDocument arguments = JsonDocument.Parse($$$"""{"customer_id":42,"{{{GitHubToken}}}":"x","note":{"a":[1,"é"]}}""");
        var full = new AuditRecord(Stopwatch.GetTimestamp())
        {
            RequestId = "req-\"7\"\u2028<é>",
            HttpRequestId = "0HNH2Q4B6K7RL:00000001",
            SessionId = "session\u0001",
            Method = "tools/call",
            Tool = GitHubToken,
            ToolKnown = false,
            Arguments = arguments.RootElement.Clone(),
            ProtocolVersion = "2025-11-25",
            TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ClientAborted = true,
        };
        full.Apply(new AirlockDecision { Layer = AirlockLayer.Policy, Outcome = DecisionOutcome.Allowed, AgentId = "admin-agent", Roles = ["admin", "reader"], Degraded = true });
        full.Apply(new AirlockDecision { Layer = AirlockLayer.Validation, Outcome = DecisionOutcome.Stripped, ArgumentNames = [GitHubToken, "ghost"] });
        full.Apply(new AirlockDecision { Layer = AirlockLayer.Sandbox, Outcome = DecisionOutcome.Sandboxed, SandboxBackend = "bubblewrap", SandboxStatus = "ok" });
        full.Apply(new AirlockDecision
        {
            Layer = AirlockLayer.Sanitizer,
            Outcome = DecisionOutcome.Masked,
            Redactions = [new("EMAIL", "content[0].text"), new("PHONE", "content[0].text"), new("EMAIL", "structuredContent.email")],
            Truncated = true,
        });
        full.Apply(new AirlockDecision { Layer = AirlockLayer.Policy, Outcome = DecisionOutcome.Blocked, Reason = "rate_limited" });

        var bare = new AuditRecord(Stopwatch.GetTimestamp());

        var refused = new AuditRecord(Stopwatch.GetTimestamp()) { Method = "initialize", HttpRequestId = "h2", RequestId = "jane.doe@example.com" };
        refused.Apply(new AirlockDecision { Layer = AirlockLayer.Envelope, Outcome = DecisionOutcome.Refused, Reason = "invalid_json" });

        var failed = new AuditRecord(Stopwatch.GetTimestamp()) { Method = "tools/call", Tool = "add", ToolKnown = true, RequestId = "9" };
        failed.Fail("InvalidOperationException");

        return [full, bare, refused, failed];
    }

    /// <summary>The lines without what depends on when each was written: the duration, and the hashes that cover it.</summary>
    private static string[] Normalized(string[] lines) =>
        [.. lines.Select(line => ChainMembers().Replace(Duration().Replace(line, "\"DurationMs\":0"), string.Empty))];

    [GeneratedRegex("\"DurationMs\":[0-9.eE+-]+")]
    private static partial Regex Duration();

    [GeneratedRegex(",\"PreviousHash\":\"[0-9a-f]{64}\",\"Hash\":\"[0-9a-f]{64}\"")]
    private static partial Regex ChainMembers();
}
