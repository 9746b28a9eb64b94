using System.Globalization;
using System.Text;
using AgentAirlock.Audit;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// Builds audit record lines chained as the file sink writes them: the members of a record, <c>PreviousHash</c>, and
/// a <c>Hash</c> computed with <see cref="AuditChain"/>.
/// </summary>
internal static class AuditLines
{
    /// <summary>The members between <c>Sequence</c> and <c>PreviousHash</c> when a test does not care.</summary>
    public const string DefaultBody = "\"AgentId\":\"reader\",\"Method\":\"tools/call\",\"Tool\":\"get_customer\",\"Decision\":\"allowed\",\"DurationMs\":1.5";

    private static readonly DateTime Start = new(2026, 11, 23, 20, 15, 0, DateTimeKind.Utc);

    /// <summary>A record line (without its line break) linked to <paramref name="previousHash"/>.</summary>
    /// <param name="sequence">The record's sequence number; its time is that many seconds after a fixed start.</param>
    /// <param name="previousHash">The hash of the record before it.</param>
    /// <param name="body">The JSON members after <c>Sequence</c>, without surrounding commas; empty for none.</param>
    public static string Record(long sequence, string previousHash, string body = DefaultBody)
    {
        string time = Start.AddSeconds(sequence).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        string members = body.Length == 0 ? "" : "," + body;
        return Seal($"{{\"Time\":\"{time}\",\"Sequence\":{sequence.ToString(CultureInfo.InvariantCulture)}{members},\"PreviousHash\":\"{previousHash}\"");
    }

    /// <summary>Ends record content (everything up to the closing quote of <c>PreviousHash</c>) with its hash member.</summary>
    public static string Seal(string content)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        byte[] line = new byte[bytes.Length + AuditChain.HashMemberLength];
        bytes.CopyTo(line, 0);
        Span<byte> hash = stackalloc byte[AuditChain.HashChars];
        AuditChain.ComputeHash(bytes, hash);
        AuditChain.WriteHashMember(hash, line.AsSpan(bytes.Length));
        return Encoding.UTF8.GetString(line);
    }

    /// <summary><paramref name="count"/> chained records from <paramref name="firstSequence"/>.</summary>
    public static string[] Chain(int count, long firstSequence = 1, string previousHash = AuditChain.Genesis) =>
        Chain(Enumerable.Repeat(DefaultBody, count), firstSequence, previousHash);

    /// <summary>One chained record per body, numbered from <paramref name="firstSequence"/>.</summary>
    public static string[] Chain(IEnumerable<string> bodies, long firstSequence = 1, string previousHash = AuditChain.Genesis)
    {
        var lines = new List<string>();
        long sequence = firstSequence;
        foreach (string body in bodies)
        {
            string line = Record(sequence++, previousHash, body);
            lines.Add(line);
            previousHash = HashOf(line);
        }

        return [.. lines];
    }

    /// <summary>The hash a record line states.</summary>
    public static string HashOf(string line) => line[^(AuditChain.HashChars + 2)..^2];

    /// <summary>The lines as a file's content: each ended by <c>\n</c>.</summary>
    public static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>Writes the lines to a file as the sink does (UTF-8 without a byte order mark, <c>\n</c> after each).</summary>
    public static string Write(string path, IEnumerable<string> lines)
    {
        File.WriteAllText(path, Text(lines), new UTF8Encoding(false));
        return path;
    }
}
