using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// A line that cannot be written is reported lost (how many, and why) and the sink is <see cref="AuditFileSink.Failing"/>;
/// once the cause is gone the next lines are written, the recovery is reported, and the chain on disk is intact.
/// </summary>
public sealed class AuditFileSinkRecoversFromAFailure : IDisposable
{
    private readonly AuditSinkFolder _folder = new();
    private readonly List<(int Count, Exception Cause)> _lost = [];
    private int _recovered;

    public void Dispose() => _folder.Dispose();

    private AuditFileSink Sink(string path, AuditRollingInterval interval) => new(path, interval, 0)
    {
        LinesLost = (count, cause) => _lost.Add((count, cause)),
        Recovered = () => _recovered++,
    };

    [Fact]
    public void Lines_that_cannot_be_written_are_reported_lost_and_the_lines_after_the_fix_start_the_chain()
    {
        // A regular file where the directory should be: it cannot be created, even by root.
        string blocked = _folder.PathOf("logs");
        File.WriteAllText(blocked, "not a directory");
        using AuditFileSink sink = Sink(Path.Combine(blocked, "audit.jsonl"), AuditRollingInterval.Infinite);

        sink.Emit(Numbered(1));
        sink.Flush();
        sink.Emit(Numbered(1));
        sink.Flush();

        Assert.True(sink.Failing);
        Assert.Equal(2, _lost.Sum(l => l.Count));
        Assert.All(_lost, l => Assert.IsAssignableFrom<IOException>(l.Cause));
        Assert.Equal(0, _recovered);

        File.Delete(blocked);
        sink.Emit(Numbered(1));
        sink.Emit(Numbered(2));
        sink.Flush();

        Assert.False(sink.Failing);
        Assert.Equal(1, _recovered);
        string path = Path.Combine(blocked, "audit.jsonl");
        Assert.Equal([1L, 2L], Lines(path).Select(l => Link(l).Sequence));
        AuditVerificationResult result = AuditChainVerifier.Verify([path], requireGenesis: true);
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal(2, result.Records);
    }

    [Fact]
    public void A_file_that_cannot_be_opened_after_a_roll_loses_its_line_and_the_chain_resumes_where_it_stopped()
    {
        DateTimeOffset day1 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        using AuditFileSink sink = Sink(_folder.PathOf("audit-.jsonl"), AuditRollingInterval.Day);
        sink.Emit(Numbered(1, day1));
        sink.Flush();

        // A directory in place of the next day's file: opening it fails.
        string nextDay = _folder.PathOf("audit-20261124.jsonl");
        Directory.CreateDirectory(nextDay);
        sink.Emit(Numbered(2, day1.AddDays(1)));
        sink.Flush();
        Assert.True(sink.Failing);
        Assert.Equal(1, Assert.Single(_lost).Count);

        Directory.Delete(nextDay);
        sink.Emit(Numbered(2, day1.AddDays(1)));
        sink.Flush();

        AuditLink second = Link(Assert.Single(Lines(nextDay)));
        Assert.Equal(2, second.Sequence);
        Assert.Equal(Link(Assert.Single(Lines(_folder.PathOf("audit-20261123.jsonl")))).Hash, second.PreviousHash);
        AuditVerificationResult result = _folder.Verify("audit-20261123.jsonl", "audit-20261124.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
    }

    [Fact]
    public void Disposing_writes_every_queued_line_first()
    {
        string path = _folder.PathOf("audit.jsonl");
        using (AuditFileSink sink = Sink(path, AuditRollingInterval.Infinite))
        {
            for (int n = 1; n <= 500; n++)
            {
                sink.Emit(Numbered(n));
            }
        }

        Assert.Equal(500, Lines(path).Length);
        Assert.Empty(_lost);
    }
}
