using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// The sink rolls files by size (<c>_001</c>, <c>_002</c>, … before the extension) and by UTC day or hour (the period
/// before the extension); the chain continues across files, so the files verified in order form one chain from genesis.
/// </summary>
public sealed class AuditFileSinkRollsFiles : IDisposable
{
    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Infinite_writes_to_the_path_as_given()
    {
        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 0,
            [Numbered(1, Noon), Numbered(2, Noon.AddDays(1)), Numbered(3, Noon.AddDays(40))]);

        Assert.Equal(["audit.jsonl"], _folder.FileNames());
        Assert.Equal(3, Lines(_folder.PathOf("audit.jsonl")).Length);
    }

    [Fact]
    public void Size_rolls_to_numbered_files_and_the_chain_continues_across_them()
    {
        string padding = new('p', 1000);

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 4096, Enumerable.Range(1, 10).Select(n => Numbered(n, padding: padding)));

        string[] files = _folder.FileNames();
        Assert.Equal(["audit.jsonl", "audit_001.jsonl", "audit_002.jsonl", "audit_003.jsonl"], files);
        Assert.All(files, f => Assert.InRange(new FileInfo(_folder.PathOf(f)).Length, 1, 4096));
        Assert.Equal(10, files.Sum(f => Lines(_folder.PathOf(f)).Length));
        AuditVerificationResult result = _folder.Verify(files);
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal((10L, 4, 1L, 10L, true), (result.Records, result.Files, result.FirstSequence, result.LastSequence, result.FromGenesis));
    }

    [Fact]
    public void A_record_larger_than_the_limit_gets_a_file_of_its_own()
    {
        string padding = new('p', 5000);

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Infinite, 4096, Enumerable.Range(1, 3).Select(n => Numbered(n, padding: padding)));

        string[] files = _folder.FileNames();
        Assert.Equal(["audit.jsonl", "audit_001.jsonl", "audit_002.jsonl"], files);
        Assert.All(files, f => Assert.Single(Lines(_folder.PathOf(f))));
        Assert.True(_folder.Verify(files).Intact);
    }

    [Fact]
    public void Day_makes_a_file_per_utc_day_named_yyyyMMdd()
    {
        DateTimeOffset late = new(2026, 11, 23, 23, 59, 59, TimeSpan.Zero);

        _folder.WriteEach("airlock-audit-.jsonl", AuditRollingInterval.Day, 0,
        [
            Numbered(1, late),

            // 01:30 at +02:00 is still the 23rd in UTC.
            Numbered(2, new DateTimeOffset(2026, 11, 24, 1, 30, 0, TimeSpan.FromHours(2))),
            Numbered(3, late.AddSeconds(2)),
        ]);

        Assert.Equal(["airlock-audit-20261123.jsonl", "airlock-audit-20261124.jsonl"], _folder.FileNames());
        Assert.Equal([1L, 2L], Lines(_folder.PathOf("airlock-audit-20261123.jsonl")).Select(l => Link(l).Sequence));
        Assert.Equal([3L], Lines(_folder.PathOf("airlock-audit-20261124.jsonl")).Select(l => Link(l).Sequence));
        AuditVerificationResult result = _folder.Verify("airlock-audit-20261123.jsonl", "airlock-audit-20261124.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal(3, result.Records);
    }

    [Fact]
    public void Hour_makes_a_file_per_utc_hour_named_yyyyMMddHH()
    {
        DateTimeOffset nine = new(2026, 11, 23, 9, 15, 0, TimeSpan.Zero);

        _folder.WriteEach("audit.jsonl", AuditRollingInterval.Hour, 0, [Numbered(1, nine), Numbered(2, nine.AddMinutes(30)), Numbered(3, nine.AddMinutes(50))]);

        Assert.Equal(["audit2026112309.jsonl", "audit2026112310.jsonl"], _folder.FileNames());
        Assert.True(_folder.Verify("audit2026112309.jsonl", "audit2026112310.jsonl").Intact);
    }

    [Fact]
    public void A_day_rolls_by_size_too_with_the_index_after_the_date()
    {
        string padding = new('p', 1500);

        _folder.WriteEach("audit-.jsonl", AuditRollingInterval.Day, 4096, Enumerable.Range(1, 3).Select(n => Numbered(n, padding: padding)));

        Assert.Equal(["audit-20261123.jsonl", "audit-20261123_001.jsonl"], _folder.FileNames());
        Assert.True(_folder.Verify("audit-20261123.jsonl", "audit-20261123_001.jsonl").Intact);
    }
}
