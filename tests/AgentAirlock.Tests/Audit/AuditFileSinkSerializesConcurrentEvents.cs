using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>Events emitted from many threads at once become one intact chain, each event exactly once.</summary>
public sealed class AuditFileSinkSerializesConcurrentEvents : IDisposable
{
    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Two_thousand_parallel_events_make_an_intact_chain_numbered_1_to_2000()
    {
        const int Count = 2000;
        using (var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 0))
        {
            Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, n => sink.Emit(Numbered(n)));
        }

        string[] lines = Lines(_folder.PathOf("audit.jsonl"));
        Assert.Equal(Count, lines.Length);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), lines.Select(l => Link(l).Sequence));
        Assert.Equal(Enumerable.Range(0, Count), lines.Select(l => int.Parse(Raw(l, "N"), System.Globalization.CultureInfo.InvariantCulture)).Order());

        AuditVerificationResult result = _folder.Verify("audit.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal((2000L, 1L, 2000L), (result.Records, result.FirstSequence, result.LastSequence));
    }

    [Fact]
    public void Parallel_events_that_roll_by_size_keep_one_chain_across_the_files()
    {
        const int Count = 300;
        using (var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 4096))
        {
            Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n => sink.Emit(Numbered(n, padding: new string('p', 200))));
        }

        string[] files = _folder.FileNames();
        Assert.True(files.Length > 10);
        AuditVerificationResult result = _folder.Verify(files);
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal(Count, result.Records);
    }
}
