using System.Text;
using AgentAirlock.Audit;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// <see cref="AuditChainVerifier"/> accepts intact chains, in one file or continued across files, and names the first
/// broken link of a tampered one by file, line, sequence and cause.
/// </summary>
public sealed class AuditChainVerifierTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("airlock-verify-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static AuditVerificationResult Verify(params (string Name, string Text)[] files) => Verify(new AuditChainVerifier(), files);

    private static AuditVerificationResult Verify(AuditChainVerifier verifier, params (string Name, string Text)[] files)
    {
        foreach ((string name, string text) in files)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            if (!verifier.Verify(name, stream))
            {
                break;
            }
        }

        return verifier.Result;
    }

    private static AuditVerificationFailure Broken(AuditVerificationResult result, string file, long line, long? sequence, AuditVerificationProblem problem)
    {
        Assert.False(result.Intact);
        AuditVerificationFailure failure = result.Failure!;
        Assert.Equal((file, line, sequence, problem), (failure.File, failure.Line, failure.Sequence, failure.Problem));
        return failure;
    }

    private static string[] Without(string[] lines, int index) => [.. lines[..index], .. lines[(index + 1)..]];

    [Fact]
    public void An_intact_file_is_verified_from_genesis()
    {
        string[] lines = AuditLines.Chain(5);

        AuditVerificationResult result = Verify(("a.jsonl", AuditLines.Text(lines)));

        Assert.True(result.Intact);
        Assert.Equal((5L, 1, 1L, 5L, true), (result.Records, result.Files, result.FirstSequence, result.LastSequence, result.FromGenesis));
        Assert.Equal(AuditLines.HashOf(lines[^1]), result.LastHash);
    }

    [Fact]
    public void A_chain_continues_across_files_in_the_order_given()
    {
        string[] lines = AuditLines.Chain(10);

        AuditVerificationResult result = Verify(("a.jsonl", AuditLines.Text(lines[..4])), ("a_001.jsonl", AuditLines.Text(lines[4..])));

        Assert.True(result.Intact);
        Assert.Equal((10L, 2, 1L, 10L, true), (result.Records, result.Files, result.FirstSequence, result.LastSequence, result.FromGenesis));
    }

    [Fact]
    public void Files_that_begin_mid_chain_are_intact_with_a_note_of_the_first_sequence()
    {
        string[] lines = AuditLines.Chain(10);

        AuditVerificationResult result = Verify(("b.jsonl", AuditLines.Text(lines[5..])));

        Assert.True(result.Intact);
        Assert.False(result.FromGenesis);
        Assert.Equal((5L, 6L, 10L), (result.Records, result.FirstSequence, result.LastSequence));
    }

    [Fact]
    public void Crlf_endings_a_final_blank_line_and_a_complete_last_record_without_newline_are_accepted()
    {
        string[] lines = AuditLines.Chain(3);

        Assert.True(Verify(("crlf.jsonl", string.Concat(lines.Select(l => l + "\r\n")))).Intact);
        Assert.True(Verify(("blank.jsonl", AuditLines.Text(lines) + "\n")).Intact);
        Assert.True(Verify(("unterminated.jsonl", string.Join('\n', lines))).Intact);
        Assert.True(Verify(("empty.jsonl", "")).Intact);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_are_hashed_whole()
    {
        string big = new('x', 300_000);
        string[] lines = AuditLines.Chain([AuditLines.DefaultBody, $"\"Tool\":\"{big}\"", AuditLines.DefaultBody]);
        string path = AuditLines.Write(Path.Combine(_folder, "big.jsonl"), lines);

        AuditVerificationResult result = AuditChainVerifier.Verify([path]);

        Assert.True(result.Intact);
        Assert.Equal(3, result.Records);
    }

    [Fact]
    public void An_edited_field_value_is_a_record_edited_at_its_line()
    {
        string[] lines = AuditLines.Chain(5);
        lines[2] = lines[2].Replace("\"reader\"", "\"admin\"", StringComparison.Ordinal);

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text(lines))), "a.jsonl", 3, 3, AuditVerificationProblem.Edited);

        Assert.StartsWith("record edited: its content does not match its Hash", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_hash_is_a_record_edited_at_its_line()
    {
        string[] lines = AuditLines.Chain(5);
        string hash = AuditLines.HashOf(lines[1]);
        lines[1] = lines[1].Replace(hash, new string('a', 64), StringComparison.Ordinal);

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text(lines))), "a.jsonl", 2, 2, AuditVerificationProblem.Edited);

        Assert.Contains($"stated aaaaaaaaaaaa…, computed {hash[..12]}…", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_sequence_is_a_record_edited_at_its_line()
    {
        string[] lines = AuditLines.Chain(5);
        lines[2] = lines[2].Replace("\"Sequence\":3,", "\"Sequence\":4,", StringComparison.Ordinal);

        Broken(Verify(("a.jsonl", AuditLines.Text(lines))), "a.jsonl", 3, 4, AuditVerificationProblem.Edited);
    }

    [Fact]
    public void A_deleted_record_breaks_the_link_of_the_next_one()
    {
        string[] lines = AuditLines.Chain(5);

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text(Without(lines, 2)))), "a.jsonl", 3, 4, AuditVerificationProblem.BrokenLink);

        Assert.Contains(
            $"its PreviousHash {AuditLines.HashOf(lines[2])[..12]}… is not the Hash {AuditLines.HashOf(lines[1])[..12]}… of the record before it",
            failure.Reason,
            StringComparison.Ordinal);
        Assert.Contains("deleted, inserted or reordered", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("the sequence jumps from 2 to 4: 1 record missing", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_first_record_shows_as_a_later_start_and_fails_when_genesis_is_required()
    {
        string[] lines = AuditLines.Chain(5);
        string text = AuditLines.Text(lines[1..]);

        AuditVerificationResult lenient = Verify(("a.jsonl", text));
        AuditVerificationResult strict = Verify(new AuditChainVerifier { RequireGenesis = true }, ("a.jsonl", text));

        Assert.True(lenient.Intact);
        Assert.False(lenient.FromGenesis);
        Assert.Equal(2, lenient.FirstSequence);
        AuditVerificationFailure failure = Broken(strict, "a.jsonl", 1, 2, AuditVerificationProblem.BrokenLink);
        Assert.Contains("does not start at genesis", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_first_record_of_a_later_file_breaks_that_files_first_link()
    {
        string[] lines = AuditLines.Chain(6);

        AuditVerificationResult result = Verify(("a.jsonl", AuditLines.Text(lines[..3])), ("a_001.jsonl", AuditLines.Text(lines[4..])));

        Broken(result, "a_001.jsonl", 1, 5, AuditVerificationProblem.BrokenLink);
        Assert.Equal((3L, 2), (result.Records, result.Files));
    }

    [Fact]
    public void A_missing_file_between_two_files_is_named_at_the_start_of_the_next()
    {
        string[] lines = AuditLines.Chain(9);

        AuditVerificationResult result = Verify(("a.jsonl", AuditLines.Text(lines[..3])), ("a_002.jsonl", AuditLines.Text(lines[6..])));

        AuditVerificationFailure failure = Broken(result, "a_002.jsonl", 1, 7, AuditVerificationProblem.BrokenLink);
        Assert.Contains("the sequence jumps from 3 to 7 at the start of this file: 3 records missing after a.jsonl", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inserted_record_breaks_the_link_after_it()
    {
        string[] lines = AuditLines.Chain(5);

        // A forgery that links correctly to the record before it still leaves the next record pointing past it.
        string forged = AuditLines.Record(3, AuditLines.HashOf(lines[1]), "\"AgentId\":\"admin\",\"Decision\":\"allowed\"");
        string[] withForgery = [.. lines[..2], forged, .. lines[2..]];
        string[] withCopy = [.. lines[..2], lines[1], .. lines[2..]];

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text(withForgery))), "a.jsonl", 4, 3, AuditVerificationProblem.BrokenLink);
        Assert.Contains("the sequence goes back from 3 to 3: records were inserted or reordered", failure.Reason, StringComparison.Ordinal);
        Broken(Verify(("a.jsonl", AuditLines.Text(withCopy))), "a.jsonl", 3, 2, AuditVerificationProblem.BrokenLink);
    }

    [Fact]
    public void Two_swapped_records_break_at_the_first_of_them()
    {
        string[] lines = AuditLines.Chain(5);
        (lines[2], lines[3]) = (lines[3], lines[2]);

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text(lines))), "a.jsonl", 3, 4, AuditVerificationProblem.BrokenLink);

        Assert.Contains("the sequence jumps from 2 to 4", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replaced_record_breaks_the_link_of_the_next_one_with_the_sequence_following_on()
    {
        string[] lines = AuditLines.Chain(5);
        lines[2] = AuditLines.Record(3, AuditLines.HashOf(lines[1]), "\"AgentId\":\"admin\"");

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text(lines))), "a.jsonl", 4, 4, AuditVerificationProblem.BrokenLink);

        Assert.Contains("the sequence follows on, so the record before it was replaced", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torn_last_line_is_named_as_such()
    {
        string[] lines = AuditLines.Chain(4);
        string text = AuditLines.Text(lines[..3]) + lines[3][..(lines[3].Length / 2)];

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", text)), "a.jsonl", 4, null, AuditVerificationProblem.TornLine);

        Assert.StartsWith("torn last line: the file ends in the middle of a record", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sequence_out_of_order_in_a_rehashed_chain_names_expected_and_found()
    {
        string[] lines = AuditLines.Chain(2);
        string third = AuditLines.Record(4, AuditLines.HashOf(lines[1]));

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text([.. lines, third]))), "a.jsonl", 3, 4, AuditVerificationProblem.Sequence);

        Assert.Equal("sequence out of order: expected 3 after 2, found 4", failure.Reason);
    }

    [Fact]
    public void Lines_that_are_not_records_are_named_with_the_reason()
    {
        string[] lines = AuditLines.Chain(3);
        string noHash = lines[1][..^AuditChain.HashMemberLength] + "}";
        string previousHash = AuditLines.HashOf(lines[0]);

        // Hashed as written, so only the format gives them away: an object closed before the hash member, and a
        // PreviousHash followed by another member.
        string closedTooEarly = AuditLines.Seal(lines[1][..^AuditChain.HashMemberLength] + "}");
        string previousNotLast = AuditLines.Seal($"{{\"Time\":\"2026-11-23T20:15:02Z\",\"Sequence\":2,\"PreviousHash\":\"{previousHash}\",\"AgentId\":\"x\"");
        string noSequence = AuditLines.Seal("{\"Time\":\"2026-11-23T20:15:01Z\",\"PreviousHash\":\"" + AuditLines.HashOf(lines[0]) + "\"");

        Assert.Equal("not a complete record: the line is not a JSON object",
            Broken(Verify(("a.jsonl", AuditLines.Text([lines[0], "hello", lines[1]]))), "a.jsonl", 2, null, AuditVerificationProblem.NotARecord).Reason);
        Assert.Contains("does not end with a \"Hash\" member",
            Broken(Verify(("a.jsonl", AuditLines.Text([lines[0], noHash]))), "a.jsonl", 2, null, AuditVerificationProblem.NotARecord).Reason,
            StringComparison.Ordinal);
        Assert.Equal("not a complete record: the line is not a JSON object: a record cut short (an interrupted write) or edited",
            Broken(Verify(("a.jsonl", AuditLines.Text([lines[0], lines[1][..40], lines[1]]))), "a.jsonl", 2, null, AuditVerificationProblem.NotARecord).Reason);
        Assert.Equal("not a complete record: the line is not a JSON object: a record cut short (an interrupted write) or edited",
            Broken(Verify(("a.jsonl", AuditLines.Text([lines[0], closedTooEarly]))), "a.jsonl", 2, null, AuditVerificationProblem.NotARecord).Reason);
        Assert.Equal("not a complete record: PreviousHash (64 lowercase hex digits) is not the member right before Hash",
            Broken(Verify(("a.jsonl", AuditLines.Text([lines[0], previousNotLast]))), "a.jsonl", 2, null, AuditVerificationProblem.NotARecord).Reason);
        Assert.Contains("no valid Sequence",
            Broken(Verify(("a.jsonl", AuditLines.Text([lines[0], noSequence]))), "a.jsonl", 2, null, AuditVerificationProblem.NotARecord).Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_line_before_a_record_is_a_failure()
    {
        string[] lines = AuditLines.Chain(3);

        Broken(Verify(("a.jsonl", AuditLines.Text([lines[0], "", lines[1], lines[2]]))), "a.jsonl", 2, null, AuditVerificationProblem.EmptyLine);
    }

    [Fact]
    public void A_first_record_must_agree_with_genesis()
    {
        string notLinked = AuditLines.Record(1, new string('1', 64));
        string lateGenesis = AuditLines.Record(5, AuditChain.Genesis);

        Broken(Verify(("a.jsonl", AuditLines.Text([notLinked]))), "a.jsonl", 1, 1, AuditVerificationProblem.BrokenLink);
        Broken(Verify(("a.jsonl", AuditLines.Text([lateGenesis]))), "a.jsonl", 1, 5, AuditVerificationProblem.Sequence);
    }

    [Fact]
    public void A_new_chain_started_in_the_middle_is_a_broken_link()
    {
        string[] lines = [.. AuditLines.Chain(2), .. AuditLines.Chain(2)];

        AuditVerificationFailure failure = Broken(Verify(("a.jsonl", AuditLines.Text(lines))), "a.jsonl", 3, 1, AuditVerificationProblem.BrokenLink);

        Assert.Contains("a new chain starts here", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_failure_is_kept_and_later_files_are_not_read()
    {
        string[] lines = AuditLines.Chain(6);
        lines[1] = lines[1].Replace("reader", "writer", StringComparison.Ordinal);
        lines[4] = lines[4].Replace("reader", "writer", StringComparison.Ordinal);

        AuditVerificationResult result = Verify(("a.jsonl", AuditLines.Text(lines[..3])), ("b.jsonl", AuditLines.Text(lines[3..])));

        Broken(result, "a.jsonl", 2, 2, AuditVerificationProblem.Edited);
        Assert.Equal((1L, 1), (result.Records, result.Files));
    }

    [Fact]
    public void A_line_over_the_limit_is_not_a_record_and_does_not_fill_memory()
    {
        string[] lines = AuditLines.Chain(3);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(AuditLines.Text([lines[0], new string('x', 10_000), lines[1]])));
        using var reader = new AuditVerificationLineReader(stream, maxLineBytes: 1000);

        Assert.True(reader.TryReadLine(out ReadOnlySpan<byte> first));
        Assert.Equal(lines[0], Encoding.UTF8.GetString(first));
        Assert.True(reader.TryReadLine(out ReadOnlySpan<byte> second));
        Assert.True(reader.IsTooLong);
        Assert.True(second.IsEmpty);
        Assert.True(reader.TryReadLine(out ReadOnlySpan<byte> third));
        Assert.False(reader.IsTooLong);
        Assert.Equal((lines[1], 3L), (Encoding.UTF8.GetString(third), reader.LineNumber));
        Assert.False(reader.TryReadLine(out _));
    }
}
