using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// A sink started on a path that already holds records (a restart) continues their chain: the next sequence, linked to
/// the hash of the last record, in the newest file.
/// </summary>
public sealed class AuditFileSinkContinuesTheChain : IDisposable
{
    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_second_sink_on_the_same_path_continues_sequence_and_link()
    {
        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 0, [Numbered(1), Numbered(2)]);
        string[] before = Lines(_folder.PathOf("audit.jsonl"));

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 0, [Numbered(3)]);

        string[] after = Lines(_folder.PathOf("audit.jsonl"));
        Assert.Equal(3, after.Length);
        Assert.Equal(before, after[..2]);
        AuditLink third = Link(after[2]);
        Assert.Equal(3, third.Sequence);
        Assert.Equal(Link(before[1]).Hash, third.PreviousHash);
        AuditVerificationResult result = _folder.Verify("audit.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal(3, result.Records);
    }

    [Fact]
    public void A_chain_written_elsewhere_is_continued_from_its_last_record()
    {
        string[] existing = AuditLines.Chain(5);
        AuditLines.Write(_folder.PathOf("audit.jsonl"), existing);

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 0, [Numbered(6)]);

        AuditLink sixth = Link(Lines(_folder.PathOf("audit.jsonl"))[^1]);
        Assert.Equal(6, sixth.Sequence);
        Assert.Equal(AuditLines.HashOf(existing[^1]), sixth.PreviousHash);
        Assert.True(_folder.Verify("audit.jsonl").Intact);
    }

    [Fact]
    public void After_a_restart_the_next_day_starts_a_new_file_that_continues_the_chain()
    {
        DateTimeOffset day1 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        _folder.WriteEach("audit-.jsonl", AuditRollingInterval.Day, 0, [Numbered(1, day1), Numbered(2, day1)]);

        _folder.WriteEach("audit-.jsonl", AuditRollingInterval.Day, 0, [Numbered(3, day1.AddDays(1))]);

        Assert.Equal(["audit-20261123.jsonl", "audit-20261124.jsonl"], _folder.FileNames());
        AuditLink first = Link(Assert.Single(Lines(_folder.PathOf("audit-20261124.jsonl"))));
        Assert.Equal(3, first.Sequence);
        Assert.Equal(Link(Lines(_folder.PathOf("audit-20261123.jsonl"))[^1]).Hash, first.PreviousHash);
        AuditVerificationResult result = _folder.Verify("audit-20261123.jsonl", "audit-20261124.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal(3, result.Records);
    }

    [Fact]
    public void After_a_restart_the_chain_continues_from_the_newest_rolled_file()
    {
        string padding = new('p', 1500);
        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 4096, Enumerable.Range(1, 3).Select(n => Numbered(n, padding: padding)));
        Assert.Equal(["audit.jsonl", "audit_001.jsonl"], _folder.FileNames());

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 4096, [Numbered(4, padding: padding)]);

        // Two records fit in a file; the newest held one: the restarted sink appends to it, not to the first file.
        Assert.Equal(["audit.jsonl", "audit_001.jsonl"], _folder.FileNames());
        string[] newest = Lines(_folder.PathOf("audit_001.jsonl"));
        Assert.Equal([3L, 4L], newest.Select(l => Link(l).Sequence));
        AuditVerificationResult result = _folder.Verify("audit.jsonl", "audit_001.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal(4, result.Records);
    }

    [Fact]
    public void After_a_restart_records_never_go_back_to_an_older_file_with_room()
    {
        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 4096,
            [Numbered(1, padding: new string('p', 2500)), Numbered(2, padding: new string('p', 2500))]);
        Assert.Equal(["audit.jsonl", "audit_001.jsonl"], _folder.FileNames());

        // The first file has room for this small record, but it belongs after record 2.
        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 4096, [Numbered(3)]);

        Assert.Single(Lines(_folder.PathOf("audit.jsonl")));
        Assert.Equal([2L, 3L], Lines(_folder.PathOf("audit_001.jsonl")).Select(l => Link(l).Sequence));
        Assert.True(_folder.Verify("audit.jsonl", "audit_001.jsonl").Intact);
    }

    [Fact]
    public void A_last_record_longer_than_a_mebibyte_is_continued_too()
    {
        // A record this long is legal (the verifier reads lines up to 16 MiB) and within an agent's reach: a tool name
        // in a request of the default 1 MiB limit grows when its characters are escaped as \uXXXX.
        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 0, [Numbered(1), Numbered(2, padding: new string('p', 1_100_000))]);

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 0, [Numbered(3)]);

        string[] lines = Lines(_folder.PathOf("audit.jsonl"));
        AuditLink third = Link(lines[^1]);
        Assert.Equal(3, third.Sequence);
        Assert.Equal(Link(lines[1]).Hash, third.PreviousHash);
        AuditVerificationResult result = _folder.Verify("audit.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
    }

    [Fact]
    public void Files_of_other_names_in_the_folder_are_not_taken_for_the_chain()
    {
        AuditLines.Write(_folder.PathOf("other.jsonl"), AuditLines.Chain(3));
        AuditLines.Write(_folder.PathOf("audit-backup.jsonl"), AuditLines.Chain(7));

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 0, [Numbered(1)]);

        AuditLink link = Link(Assert.Single(Lines(_folder.PathOf("audit.jsonl"))));
        Assert.Equal((1L, AuditChain.Genesis), (link.Sequence, link.PreviousHash));
    }
}
