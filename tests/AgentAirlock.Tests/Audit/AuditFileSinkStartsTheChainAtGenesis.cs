using System.Security.Cryptography;
using System.Text;
using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// A new <see cref="AuditFileSink"/> in an empty folder starts a chain: sequence 1 linked to the genesis hash, then each
/// record one more and linked to the hash of the one before it, each hash the SHA-256 of the line up to PreviousHash.
/// </summary>
public sealed class AuditFileSinkStartsTheChainAtGenesis : IDisposable
{
    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_first_record_is_sequence_1_linked_to_genesis()
    {
        using (var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 0))
        {
            sink.Emit(Numbered(1));
            sink.Flush();
        }

        AuditLink link = Link(Assert.Single(Lines(_folder.PathOf("audit.jsonl"))));
        Assert.Equal(1, link.Sequence);
        Assert.Equal(AuditChain.Genesis, link.PreviousHash);
    }

    [Fact]
    public void Each_record_follows_on_from_the_one_before_it()
    {
        using (var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 0))
        {
            for (int i = 1; i <= 5; i++)
            {
                sink.Emit(Numbered(i));
                sink.Flush();
            }
        }

        AuditLink[] links = [.. Lines(_folder.PathOf("audit.jsonl")).Select(Link)];
        Assert.Equal([1L, 2, 3, 4, 5], links.Select(l => l.Sequence));
        for (int i = 1; i < links.Length; i++)
        {
            Assert.Equal(links[i - 1].Hash, links[i].PreviousHash);
        }

        AuditVerificationResult result = _folder.Verify("audit.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
        Assert.Equal((5L, 1L, 5L, true), (result.Records, result.FirstSequence, result.LastSequence, result.FromGenesis));
        Assert.Equal(links[^1].Hash, result.LastHash);
    }

    [Fact]
    public void The_hash_is_the_sha256_of_the_line_up_to_the_previous_hash()
    {
        using (var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 0))
        {
            sink.Emit(Event(("Tool", "get_customer"), ("Decision", "allowed")));
            sink.Flush();
        }

        string line = Assert.Single(Lines(_folder.PathOf("audit.jsonl")));
        int cut = line.IndexOf(",\"Hash\":\"", StringComparison.Ordinal);
        Assert.True(cut > 0);
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line[..cut])));
        Assert.Equal($"{line[..cut]},\"Hash\":\"{expected}\"}}", line);
        Assert.EndsWith($",\"PreviousHash\":\"{AuditChain.Genesis}\"", line[..cut], StringComparison.Ordinal);
    }

    [Fact]
    public void The_current_file_is_named_once_a_record_is_written()
    {
        using var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 0);
        Assert.Null(sink.CurrentFile);

        sink.Emit(Numbered(1));
        sink.Flush();

        Assert.Equal(_folder.PathOf("audit.jsonl"), sink.CurrentFile);
    }

    [Fact]
    public void A_disposed_sink_refuses_events()
    {
        var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 0);
        sink.Emit(Numbered(1));
        sink.Flush();
        sink.Dispose();

        Assert.Throws<ObjectDisposedException>(() => sink.Emit(Numbered(2)));
        Assert.Single(Lines(_folder.PathOf("audit.jsonl")));
    }
}
