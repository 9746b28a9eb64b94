using System.Security.Cryptography;
using System.Text.Json;

namespace AgentAirlock.Audit;

/// <summary>
/// The hash chain of an audit file. Each record is one line of JSON whose last two members are
/// <c>"PreviousHash"</c> (the <c>Hash</c> of the record before it, or <see cref="Genesis"/> for the first record of a
/// chain) and <c>"Hash"</c>: the lowercase hex SHA-256 of the line's bytes up to and including the closing quote of the
/// <c>PreviousHash</c> value, that is the line without its trailing <c>,"Hash":"…"}</c>. A record also carries a
/// <c>"Sequence"</c> number, 1 for the first record of a chain and one more for each record after it.
/// </summary>
/// <remarks>
/// Editing a record changes its hash; deleting, inserting or reordering records breaks the link of the record after
/// the change. The hash is over the exact bytes written, so no canonical form of JSON is needed to verify it.
/// </remarks>
internal static class AuditChain
{
    /// <summary>The <c>PreviousHash</c> of the first record of a chain.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public const int HashChars = 64;

    /// <summary>The fixed tail of a record line: <c>,"Hash":"</c>, 64 hex digits, <c>"}</c>.</summary>
    public const int HashMemberLength = 9 + HashChars + 2;

    public static ReadOnlySpan<byte> SequenceName => "Sequence"u8;

    /// <summary>How the sink writes the sequence member, right after the time.</summary>
    public static ReadOnlySpan<byte> SequenceMemberStart => ",\"Sequence\":"u8;

    /// <summary>How the sink writes the previous hash member, the last before the hash: its value follows.</summary>
    public static ReadOnlySpan<byte> PreviousHashMemberStart => ",\"PreviousHash\":\""u8;

    private static ReadOnlySpan<byte> HashMemberStart => ",\"Hash\":\""u8;

    /// <summary>Writes the lowercase hex SHA-256 of <paramref name="content"/> (64 bytes of ASCII).</summary>
    public static void ComputeHash(ReadOnlySpan<byte> content, Span<byte> hex)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        Convert.TryToHexStringLower(digest, hex, out _);
    }

    /// <summary>
    /// Writes the lowercase hex SHA-256 of <paramref name="content"/> with a hash object kept by the caller, which a
    /// writer of many lines reuses rather than setting up a digest for each.
    /// </summary>
    public static void ComputeHash(IncrementalHash sha256, ReadOnlySpan<byte> content, Span<byte> hex)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        sha256.AppendData(content);
        sha256.GetHashAndReset(digest);
        Convert.TryToHexStringLower(digest, hex, out _);
    }

    /// <summary>Writes the hash member and the closing brace after a record's content.</summary>
    public static void WriteHashMember(ReadOnlySpan<byte> hashHex, Span<byte> destination)
    {
        HashMemberStart.CopyTo(destination);
        hashHex.CopyTo(destination[HashMemberStart.Length..]);
        "\"}"u8.CopyTo(destination[(HashMemberStart.Length + HashChars)..]);
    }

    /// <summary>
    /// Splits a record line (without its line break) into the hashed content and the hash it states.
    /// </summary>
    /// <returns><see langword="false"/> when the line does not end with a hash member.</returns>
    public static bool TrySplit(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> content, out ReadOnlySpan<byte> statedHash)
    {
        content = default;
        statedHash = default;
        if (line.Length < HashMemberLength + 2 || line[0] != (byte)'{')
        {
            return false;
        }

        ReadOnlySpan<byte> tail = line[^HashMemberLength..];
        if (!tail.StartsWith(HashMemberStart) || !tail.EndsWith("\"}"u8))
        {
            return false;
        }

        statedHash = tail.Slice(HashMemberStart.Length, HashChars);
        if (!IsLowerHex(statedHash))
        {
            return false;
        }

        content = line[..^HashMemberLength];
        return true;
    }

    /// <summary>
    /// Reads the chain members of a record: its sequence number, the previous record's hash it states and its own hash.
    /// </summary>
    /// <returns><see langword="false"/> when the line is not a well-formed record of a chain.</returns>
    public static bool TryReadLink(ReadOnlySpan<byte> line, out AuditLink link)
    {
        link = default;
        if (!TrySplit(line, out ReadOnlySpan<byte> content, out ReadOnlySpan<byte> hash))
        {
            return false;
        }

        if (!TryReadPreviousHash(content, out ReadOnlySpan<byte> previousHash))
        {
            return false;
        }

        long sequence = 0;
        try
        {
            // The whole line must be one JSON object, and the sequence one of its own members.
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isSequence = reader.ValueTextEquals(SequenceName);
                reader.Read();
                if (isSequence && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value))
                {
                    sequence = value;
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.BytesConsumed != line.Length)
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (sequence <= 0)
        {
            return false;
        }

        link = new AuditLink(sequence, System.Text.Encoding.ASCII.GetString(previousHash), System.Text.Encoding.ASCII.GetString(hash));
        return true;
    }

    /// <summary>
    /// Reads the previous hash from a record's content, where the sink writes it: the last member, right before the hash
    /// (<c>,"PreviousHash":"&lt;64 hex&gt;"</c>).
    /// </summary>
    public static bool TryReadPreviousHash(ReadOnlySpan<byte> content, out ReadOnlySpan<byte> previousHash)
    {
        ReadOnlySpan<byte> member = PreviousHashMemberStart;
        int valueStart = content.Length - HashChars - 1;
        previousHash = default;
        if (valueStart < member.Length + 1 || content[^1] != (byte)'"' || !content[..valueStart].EndsWith(member))
        {
            return false;
        }

        previousHash = content.Slice(valueStart, HashChars);
        return IsLowerHex(previousHash);
    }

    private static bool IsLowerHex(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')))
            {
                return false;
            }
        }

        return true;
    }
}
