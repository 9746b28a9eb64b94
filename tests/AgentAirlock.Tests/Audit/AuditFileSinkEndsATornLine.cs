using System.Text;
using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// A last line left incomplete (a crash mid-write) is ended with a line break before the next record, and the chain
/// continues from the last complete record; the verifier then names the torn line as the first problem.
/// </summary>
public sealed class AuditFileSinkEndsATornLine : IDisposable
{
    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Audit => _folder.PathOf("audit.jsonl");

    private void Write(params Serilog.Events.LogEvent[] events)
    {
        using var sink = new AuditFileSink(Audit, AuditRollingInterval.Infinite, 0);
        foreach (Serilog.Events.LogEvent logEvent in events)
        {
            sink.Emit(logEvent);
            sink.Flush();
        }
    }

    private void Tear(string bytes)
    {
        using var file = new FileStream(Audit, FileMode.Append, FileAccess.Write);
        file.Write(Encoding.UTF8.GetBytes(bytes));
    }

    [Fact]
    public void The_record_after_a_torn_line_links_to_the_record_before_it()
    {
        Write(Numbered(1), Numbered(2), Numbered(3));
        string torn = Lines(Audit)[^1][..40];
        Tear(torn);

        Write(Numbered(4));

        string[] lines = Lines(Audit);
        Assert.Equal(5, lines.Length);
        Assert.Equal(torn, lines[3]);
        AuditLink before = Link(lines[2]);
        AuditLink after = Link(lines[4]);
        Assert.Equal(4, after.Sequence);
        Assert.Equal(before.Hash, after.PreviousHash);

        AuditVerificationFailure failure = Assert.IsType<AuditVerificationFailure>(_folder.Verify("audit.jsonl").Failure);
        Assert.Equal((4L, (long?)null, AuditVerificationProblem.NotARecord), (failure.Line, failure.Sequence, failure.Problem));
        Assert.Contains("cut short", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torn_line_that_looks_like_json_without_a_hash_is_also_skipped()
    {
        Write(Numbered(1));
        Tear("{\"Time\":\"2026-11-23T12:00:00Z\",\"Sequence\":2}");

        Write(Numbered(2));

        string[] lines = Lines(Audit);
        Assert.Equal(3, lines.Length);
        Assert.Equal((2L, Link(lines[0]).Hash), (Link(lines[2]).Sequence, Link(lines[2]).PreviousHash));
    }

    [Fact]
    public void A_file_that_ends_with_a_complete_line_gets_no_extra_line_break()
    {
        Write(Numbered(1));
        Write(Numbered(2));

        Assert.DoesNotContain("\n\n", File.ReadAllText(Audit), StringComparison.Ordinal);
        Assert.True(_folder.Verify("audit.jsonl").Intact);
    }

    [Fact]
    public void A_file_holding_only_a_torn_line_starts_the_chain_at_genesis()
    {
        File.WriteAllText(Audit, "{\"Time\":\"2026-11-23T12:00:0");

        Write(Numbered(1));

        string[] lines = Lines(Audit);
        Assert.Equal(2, lines.Length);
        AuditLink link = Link(lines[1]);
        Assert.Equal((1L, AuditChain.Genesis), (link.Sequence, link.PreviousHash));
    }
}
