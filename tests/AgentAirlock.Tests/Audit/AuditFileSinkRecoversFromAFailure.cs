using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// A record that cannot be written makes <see cref="AuditFileSink.Emit"/> throw (so the audit trail learns of it); once
/// the cause is gone the next record is written and the chain is intact, with no record lost from it.
/// </summary>
public sealed class AuditFileSinkRecoversFromAFailure : IDisposable
{
    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_uncreatable_directory_throws_and_the_next_emit_after_the_fix_succeeds()
    {
        // A regular file where the directory should be: it cannot be created, even by root.
        string blocked = _folder.PathOf("logs");
        File.WriteAllText(blocked, "not a directory");
        using var sink = new AuditFileSink(Path.Combine(blocked, "audit.jsonl"), AuditRollingInterval.Infinite, 0);

        Assert.ThrowsAny<IOException>(() => sink.Emit(Numbered(1)));
        Assert.ThrowsAny<IOException>(() => sink.Emit(Numbered(1)));

        File.Delete(blocked);
        sink.Emit(Numbered(1));
        sink.Emit(Numbered(2));

        string path = Path.Combine(blocked, "audit.jsonl");
        Assert.Equal([1L, 2L], Lines(path).Select(l => Link(l).Sequence));
        AuditVerificationResult result = AuditChainVerifier.Verify([path], requireGenesis: true);
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal(2, result.Records);
    }

    [Fact]
    public void A_file_that_cannot_be_opened_after_a_roll_throws_and_the_chain_resumes_where_it_stopped()
    {
        DateTimeOffset day1 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        using var sink = new AuditFileSink(_folder.PathOf("audit-.jsonl"), AuditRollingInterval.Day, 0);
        sink.Emit(Numbered(1, day1));

        // A directory in place of the next day's file: opening it fails.
        string nextDay = _folder.PathOf("audit-20261124.jsonl");
        Directory.CreateDirectory(nextDay);
        Assert.ThrowsAny<Exception>(() => sink.Emit(Numbered(2, day1.AddDays(1))));

        Directory.Delete(nextDay);
        sink.Emit(Numbered(2, day1.AddDays(1)));

        AuditLink second = Link(Assert.Single(Lines(nextDay)));
        Assert.Equal(2, second.Sequence);
        Assert.Equal(Link(Assert.Single(Lines(_folder.PathOf("audit-20261123.jsonl")))).Hash, second.PreviousHash);
        AuditVerificationResult result = _folder.Verify("audit-20261123.jsonl", "audit-20261124.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
    }
}
