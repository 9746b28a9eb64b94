using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentAirlock.Audit;

/// <summary>
/// Verifies audit files, in the order given, as one hash chain (see <see cref="AuditChain"/>): each record's hash,
/// its link to the record before it and its sequence number. Stops at the first broken link, which it names by file,
/// line and sequence with the likeliest cause.
/// </summary>
/// <remarks>
/// Files are read line by line in a pooled buffer, never whole. The chain proves that the records between the first and
/// the last were not edited, deleted, inserted or reordered, unless everything after the change was rehashed: the hash
/// has no key, so anyone who can write the files can rewrite the chain from any point. It cannot tell either whether
/// records were cut off the end. Both are detected by comparing <see cref="AuditVerificationResult.LastHash"/> with a copy
/// kept elsewhere.
/// </remarks>
internal sealed class AuditChainVerifier
{
    /// <summary>How many hex digits of a hash a reason quotes: enough to tell two hashes apart at a glance.</summary>
    private const int PrefixChars = 12;

    private string? _previousFile;
    private int _files;
    private long _records;
    private long _firstSequence;
    private long _lastSequence;
    private string? _lastHash;
    private bool _fromGenesis;
    private AuditVerificationFailure? _failure;

    /// <summary>
    /// Gets a value indicating whether the first record must start the chain. Without it, files that begin in the middle
    /// of a chain (older files deleted or archived) are accepted, and so is a chain whose first records were deleted.
    /// </summary>
    public bool RequireGenesis { get; init; }

    /// <summary>Gets what was found so far.</summary>
    public AuditVerificationResult Result => new()
    {
        Records = _records,
        Files = _files,
        FirstSequence = _firstSequence,
        LastSequence = _lastSequence,
        LastHash = _lastHash,
        FromGenesis = _fromGenesis,
        Failure = _failure,
    };

    /// <summary>Verifies the files at <paramref name="paths"/>, in that order, as one chain.</summary>
    /// <exception cref="IOException">A file could not be read.</exception>
    public static AuditVerificationResult Verify(IEnumerable<string> paths, bool requireGenesis = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var verifier = new AuditChainVerifier { RequireGenesis = requireGenesis };
        foreach (string path in paths)
        {
            using FileStream file = OpenRead(path);
            if (!verifier.Verify(path, file))
            {
                break;
            }
        }

        return verifier.Result;
    }

    /// <summary>Opens an audit file for reading while the sink may still be appending to it.</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        // No FileStream buffer: the line reader reads in large blocks of its own.
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
    }

    /// <summary>Verifies the next file of the chain.</summary>
    /// <param name="file">The name the file is reported by.</param>
    /// <param name="stream">The file's content.</param>
    /// <returns><see langword="false"/> when the chain is broken, in this file or an earlier one.</returns>
    public bool Verify(string file, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(stream);
        if (_failure is not null)
        {
            return false;
        }

        _files++;
        using var reader = new AuditVerificationLineReader(stream);

        // A blank line is fine at the end of a file (an editor's final newline) and a failure anywhere before a record.
        long firstBlankLine = 0;
        while (reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (!reader.IsTooLong && IsBlank(line))
            {
                if (firstBlankLine == 0)
                {
                    firstBlankLine = reader.LineNumber;
                }

                continue;
            }

            if (firstBlankLine != 0)
            {
                return Fail(file, firstBlankLine, null, AuditVerificationProblem.EmptyLine,
                    "empty line before the end of the file: the audit sink never writes one, so the file was edited");
            }

            if (!Check(file, reader, line))
            {
                return false;
            }
        }

        _previousFile = file;
        return true;
    }

    private bool Check(string file, AuditVerificationLineReader reader, ReadOnlySpan<byte> line)
    {
        long number = reader.LineNumber;
        if (reader.IsTooLong)
        {
            return Fail(file, number, null, AuditVerificationProblem.NotARecord,
                $"not a complete record: the line is longer than {AuditVerificationLineReader.MaxLineBytes / (1024 * 1024)} MiB");
        }

        if (!AuditChain.TryReadLink(line, out AuditLink link))
        {
            // A complete record without its line break is accepted below: only a record cut short is a torn line.
            return reader.IsTerminated || IsJsonObject(line)
                ? Fail(file, number, null, AuditVerificationProblem.NotARecord, "not a complete record: " + WhyNotARecord(line))
                : Fail(file, number, null, AuditVerificationProblem.TornLine,
                    "torn last line: the file ends in the middle of a record, without a line break (a write cut short, or a truncated copy)");
        }

        AuditChain.TrySplit(line, out ReadOnlySpan<byte> content, out _);
        Span<byte> computed = stackalloc byte[AuditChain.HashChars];
        AuditChain.ComputeHash(content, computed);
        string computedHash = Encoding.ASCII.GetString(computed);
        if (!string.Equals(computedHash, link.Hash, StringComparison.Ordinal))
        {
            return Fail(file, number, link.Sequence, AuditVerificationProblem.Edited,
                $"record edited: its content does not match its Hash (stated {Prefix(link.Hash)}, computed {Prefix(computedHash)})");
        }

        if (_lastHash is null)
        {
            if (!CheckFirst(file, number, link))
            {
                return false;
            }
        }
        else if (!string.Equals(link.PreviousHash, _lastHash, StringComparison.Ordinal))
        {
            return Fail(file, number, link.Sequence, AuditVerificationProblem.BrokenLink, BrokenLinkReason(link, number == 1));
        }
        else if (link.Sequence != _lastSequence + 1)
        {
            // The links hold but the numbers do not: the chain was rehashed after a change, or written wrongly.
            return Fail(file, number, link.Sequence, AuditVerificationProblem.Sequence,
                $"sequence out of order: expected {_lastSequence + 1} after {_lastSequence}, found {link.Sequence}");
        }

        _records++;
        _lastSequence = link.Sequence;
        _lastHash = link.Hash;
        return true;
    }

    /// <summary>Checks the first record given: it starts a chain, or continues one whose earlier records were not given.</summary>
    private bool CheckFirst(string file, long number, AuditLink link)
    {
        bool linksToGenesis = string.Equals(link.PreviousHash, AuditChain.Genesis, StringComparison.Ordinal);
        if (linksToGenesis && link.Sequence != 1)
        {
            return Fail(file, number, link.Sequence, AuditVerificationProblem.Sequence,
                $"sequence out of order: a record linked to the genesis hash starts a chain, so expected 1, found {link.Sequence}");
        }

        if (!linksToGenesis && link.Sequence == 1)
        {
            return Fail(file, number, link.Sequence, AuditVerificationProblem.BrokenLink,
                $"broken link: sequence 1 starts a chain, but its PreviousHash is {Prefix(link.PreviousHash)}, not the genesis hash (64 zeros)");
        }

        if (!linksToGenesis && RequireGenesis)
        {
            return Fail(file, number, link.Sequence, AuditVerificationProblem.BrokenLink,
                $"broken link: the chain does not start at genesis: its first record is sequence {link.Sequence}, linked to "
                + $"{Prefix(link.PreviousHash)}, so the records before it are missing (deleted, or in files not given)");
        }

        _fromGenesis = linksToGenesis;
        _firstSequence = link.Sequence;
        return true;
    }

    private string BrokenLinkReason(AuditLink link, bool startsFile)
    {
        if (link.Sequence == 1 && string.Equals(link.PreviousHash, AuditChain.Genesis, StringComparison.Ordinal))
        {
            return $"broken link: a new chain starts here (sequence 1, linked to the genesis hash) after sequence {_lastSequence}: "
                + "the records before it are not part of its chain";
        }

        string reason = $"broken link: its PreviousHash {Prefix(link.PreviousHash)} is not the Hash {Prefix(_lastHash!)} "
            + "of the record before it: a record before it was deleted, inserted or reordered";
        long missing = link.Sequence - _lastSequence - 1;
        string hint = missing switch
        {
            > 0 when startsFile => $"the sequence jumps from {_lastSequence} to {link.Sequence} at the start of this file: "
                + $"{Records(missing)} missing after {_previousFile} (a file or its last records)",
            > 0 => $"the sequence jumps from {_lastSequence} to {link.Sequence}: {Records(missing)} missing",
            0 => "the sequence follows on, so the record before it was replaced",
            _ => $"the sequence goes back from {_lastSequence} to {link.Sequence}: records were inserted or reordered",
        };
        return $"{reason} ({hint})";
    }

    private bool Fail(string file, long line, long? sequence, AuditVerificationProblem problem, string reason)
    {
        _failure = new AuditVerificationFailure(file, line, sequence, problem, reason);
        return false;
    }

    private static string WhyNotARecord(ReadOnlySpan<byte> line)
    {
        if (!IsJsonObject(line))
        {
            // The sink ends a line left incomplete by a crash before it writes again, so a cut record can sit mid-file.
            return line.StartsWith("{\"Time\":"u8)
                ? "the line is not a JSON object: a record cut short (an interrupted write) or edited"
                : "the line is not a JSON object";
        }

        if (!AuditChain.TrySplit(line, out ReadOnlySpan<byte> content, out _))
        {
            return "it does not end with a \"Hash\" member of 64 lowercase hex digits";
        }

        return AuditChain.TryReadPreviousHash(content, out _)
            ? "it has no valid Sequence (a positive integer)"
            : "PreviousHash (64 lowercase hex digits) is not the member right before Hash";
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();

            // Anything after the object, other than white space, makes the reader throw.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.TrimStart(" \t\r"u8).IsEmpty;

    private static string Prefix(string hash) => hash[..PrefixChars] + "…";

    private static string Records(long count) =>
        count == 1 ? "1 record" : count.ToString(CultureInfo.InvariantCulture) + " records";
}
