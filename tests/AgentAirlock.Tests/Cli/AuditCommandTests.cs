using System.Text;
using AgentAirlock.Tests.Audit;
using static AgentAirlock.Tests.Cli.AirlockCommandLine;

namespace AgentAirlock.Tests.Cli;

/// <summary>
/// <c>airlock audit verify</c> and <c>airlock audit tail</c> run in process over audit files written in a temporary
/// folder: their output, and exit codes that tell an intact chain from a broken one from a usage error.
/// </summary>
public sealed class AuditCommandTests : IDisposable
{
    private const string Blocked = "\"RequestId\":\"0HN8:00000001\",\"AgentId\":\"reader\",\"Roles\":[\"reader\"],\"Method\":\"tools/call\","
        + "\"Tool\":\"delete_record\",\"Decision\":\"blocked\",\"Layer\":\"policy\",\"BlockReason\":\"policy_violation\",\"HttpStatus\":200,"
        + "\"Arguments\":[{\"Name\":\"id\",\"Type\":\"number\"}],\"DurationMs\":0.42,\"ProtocolVersion\":\"2025-11-25\"";

    private const string Masked = "\"AgentId\":\"admin\",\"Roles\":[\"admin\"],\"Method\":\"tools/call\",\"Tool\":\"get_customer\","
        + "\"Decision\":\"allowed\",\"HttpStatus\":200,\"Arguments\":[{\"Name\":\"customer_id\",\"Type\":\"number\",\"Digest\":\"5f1e\"}],"
        + "\"Redactions\":{\"EMAIL\":1,\"PHONE\":1},\"DurationMs\":2.1";

    private const string Sandboxed = "\"Method\":\"tools/call\",\"Tool\":\"read_file\",\"Decision\":\"allowed\",\"HttpStatus\":200,"
        + "\"Arguments\":[{\"Name\":\"path\",\"Type\":\"string\"}],\"StrippedArguments\":[\"ghost\"],\"Truncated\":true,"
        + "\"SandboxBackend\":\"bubblewrap\",\"SandboxOutcome\":\"ok\",\"Degraded\":true,\"DurationMs\":12.34";

    private const string Refused = "\"AgentId\":\"reader\",\"Method\":\"tools/call\",\"Tool\":\"add\",\"Decision\":\"refused\","
        + "\"Layer\":\"validation\",\"BlockReason\":\"validation_error\",\"HttpStatus\":200,\"DurationMs\":0.1";

    private readonly string _folder = Directory.CreateTempSubdirectory("airlock-audit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, IEnumerable<string> lines) => AuditLines.Write(Path.Combine(_folder, name), lines);

    [Fact]
    public void Verify_reports_an_intact_chain_across_a_directorys_files_in_roll_order()
    {
        string[] lines = AuditLines.Chain(10);

        // Written out of order, with a file that is not an audit file: the directory's order is the names' order.
        File("airlock-audit-20261123_001.jsonl", lines[4..]);
        File("airlock-audit-20261123.jsonl", lines[..4]);
        File("notes.txt", ["not a record"]);

        (int code, string output, string error) = Airlock(["audit", "verify", _folder]);

        Assert.Equal((0, ""), (code, error));
        Assert.Equal(
            [$"chain intact: 10 records in 2 files, sequence 1–10, from genesis; last hash {AuditLines.HashOf(lines[^1])}"],
            Lines(output));
    }

    [Fact]
    public void Verify_keeps_roll_order_past_the_thousandth_file_of_a_day()
    {
        string[] lines = AuditLines.Chain(6);
        File("airlock-audit-20261123_1000.jsonl", lines[4..]);
        File("airlock-audit-20261123_999.jsonl", lines[2..4]);
        File("airlock-audit-20261123.jsonl", lines[..2]);

        (int code, string output, _) = Airlock(["audit", "verify", _folder]);

        Assert.Equal(0, code);
        Assert.StartsWith("chain intact: 6 records in 3 files, sequence 1–6, from genesis", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_notes_files_that_begin_mid_chain_and_fails_them_with_from_genesis()
    {
        string[] lines = AuditLines.Chain(10);
        string path = File("b.jsonl", lines[5..]);

        (int code, string output, _) = Airlock(["audit", "verify", path]);
        (int strictCode, string strictOutput, _) = Airlock(["audit", "verify", "--from-genesis", path]);

        Assert.Equal(0, code);
        Assert.StartsWith(
            "chain intact: 5 records in 1 file, sequence 6–10, continuing a chain from before sequence 6 (its earlier records are not in these files);",
            output,
            StringComparison.Ordinal);
        Assert.Equal(1, strictCode);
        Assert.StartsWith($"chain broken at {path}:1 (sequence 6): broken link: the chain does not start at genesis", strictOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_names_the_first_broken_link_and_exits_1()
    {
        string[] lines = AuditLines.Chain(5);
        string first = File("a.jsonl", lines[..2]);
        string second = File("b.jsonl", [lines[2], lines[4]]);

        (int code, string output, string error) = Airlock(["audit", "verify", first, second]);

        Assert.Equal((1, ""), (code, error));
        string line = Assert.Single(Lines(output));
        Assert.StartsWith($"chain broken at {second}:2 (sequence 5): broken link: its PreviousHash ", line, StringComparison.Ordinal);
        Assert.EndsWith("(the sequence jumps from 3 to 5: 1 record missing)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_of_an_unreadable_line_omits_the_sequence()
    {
        string[] lines = AuditLines.Chain(2);
        string path = File("a.jsonl", [lines[0], "garbage", lines[1]]);

        (int code, string output, _) = Airlock(["audit", "verify", path]);

        Assert.Equal(1, code);
        Assert.Equal([$"chain broken at {path}:2: not a complete record: the line is not a JSON object"], Lines(output));
    }

    [Fact]
    public void Verify_reads_standard_input_for_a_dash()
    {
        string[] lines = AuditLines.Chain(3);

        (int code, string output, _) = Airlock(["audit", "verify", "-"], AuditLines.Text(lines));
        (int brokenCode, string brokenOutput, _) = Airlock(["audit", "verify", "-"], AuditLines.Text([lines[0], lines[2]]));

        Assert.Equal(0, code);
        Assert.StartsWith("chain intact: 3 records in 1 file", output, StringComparison.Ordinal);
        Assert.Equal(1, brokenCode);
        Assert.StartsWith("chain broken at <stdin>:2 (sequence 3)", brokenOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_of_empty_files_has_nothing_to_verify()
    {
        string path = File("a.jsonl", []);

        (int code, string output, _) = Airlock(["audit", "verify", path]);

        Assert.Equal((0, "no records in 1 file: nothing to verify"), (code, output.TrimEnd()));
    }

    [Fact]
    public void Missing_inputs_and_bad_arguments_exit_2_with_a_message_on_standard_error()
    {
        string missing = Path.Combine(_folder, "missing.jsonl");
        string empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;

        foreach ((string[] args, string message) in new (string[], string)[]
        {
            (["audit", "verify", missing], $"airlock audit verify: {missing}: no such file or directory."),
            (["audit", "verify", empty], $"airlock audit verify: {empty}: the directory holds no *.jsonl files."),
            (["audit", "verify"], "airlock audit verify: name at least one audit file or directory."),
            (["audit", "verify", "--bogus", missing], "airlock audit verify: unknown option '--bogus'."),
            (["audit", "tail", missing], $"airlock audit tail: {missing}: no such file or directory."),
            (["audit", "tail"], "airlock audit tail: name at least one audit file or directory."),
            (["audit", "tail", "--decision", "denied", missing], "airlock audit tail: --decision must be allowed, blocked, refused or failed; it is 'denied'."),
            (["audit", "tail", "-n", "-3", missing], "airlock audit tail: -n must be a whole number (0 for all); it is '-3'."),
            (["audit", "tail", "-n", "x", missing], "airlock audit tail: -n must be a whole number (0 for all); it is 'x'."),
            (["audit", "frobnicate"], "airlock audit: unknown subcommand 'frobnicate'."),
        })
        {
            (int code, string output, string error) = Airlock(args);

            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Equal(message, Lines(error)[0]);
        }
    }

    [Fact]
    public void Tail_prints_one_aligned_readable_line_per_record()
    {
        string path = File("a.jsonl", AuditLines.Chain([Blocked, Masked]));

        (int code, string output, string error) = Airlock(["audit", "tail", path]);

        Assert.Equal((0, ""), (code, error));
        Assert.Equal(
            [
                "2026-11-23 20:15:01Z  blocked  reader  delete_record  policy_violation (policy)  args id:number  0.4 ms",
                "2026-11-23 20:15:02Z  allowed  admin   get_customer   masked EMAIL×1 PHONE×1  args customer_id:number  2.1 ms",
            ],
            Lines(output));
    }

    [Fact]
    public void Tail_shows_anonymous_callers_stripped_arguments_the_sandbox_and_degraded_mode()
    {
        string path = File("a.jsonl", AuditLines.Chain([Sandboxed]));

        (_, string output, _) = Airlock(["audit", "tail", path]);

        Assert.Equal(
            ["2026-11-23 20:15:01Z  allowed  (anonymous)  read_file  truncated  stripped ghost  sandbox bubblewrap ok  degraded  args path:string  12.3 ms"],
            Lines(output));
    }

    [Fact]
    public void Tail_shows_the_last_twenty_by_default_and_n_of_them_on_request()
    {
        string[] lines = AuditLines.Chain(25);
        string path = File("a.jsonl", lines);

        string[] byDefault = Lines(Airlock(["audit", "tail", path]).Out);
        string[] three = Lines(Airlock(["audit", "tail", "-n", "3", path]).Out);
        string[] attached = Lines(Airlock(["audit", "tail", "-n3", path]).Out);
        string[] all = Lines(Airlock(["audit", "tail", "--lines=0", path]).Out);

        Assert.Equal(20, byDefault.Length);
        Assert.StartsWith("2026-11-23 20:15:06Z", byDefault[0], StringComparison.Ordinal);
        Assert.Equal(["2026-11-23 20:15:23Z", "2026-11-23 20:15:24Z", "2026-11-23 20:15:25Z"], three.Select(l => l[..20]));
        Assert.Equal(three, attached);
        Assert.Equal(25, all.Length);
    }

    [Fact]
    public void Tail_of_all_records_prints_them_as_they_are_read_widening_columns_as_needed()
    {
        string path = File("a.jsonl", AuditLines.Chain([Masked, Blocked]));

        (int code, string output, _) = Airlock(["audit", "tail", "-n", "0", path]);

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "2026-11-23 20:15:01Z  allowed  admin  get_customer  masked EMAIL×1 PHONE×1  args customer_id:number  2.1 ms",
                "2026-11-23 20:15:02Z  blocked  reader  delete_record  policy_violation (policy)  args id:number  0.4 ms",
            ],
            Lines(output));
    }

    [Fact]
    public void Tail_filters_by_agent_decision_and_tool_exactly()
    {
        string path = File("a.jsonl", AuditLines.Chain([Blocked, Masked, Refused, Sandboxed, Blocked]));

        string[] reader = Lines(Airlock(["audit", "tail", "--agent", "reader", path]).Out);
        string[] blocked = Lines(Airlock(["audit", "tail", "--decision", "blocked", path]).Out);
        string[] refusedOrBlocked = Lines(Airlock(["audit", "tail", "--decision", "refused", "--decision=blocked", path]).Out);
        string[] tool = Lines(Airlock(["audit", "tail", "--tool", "get_customer", path]).Out);
        string[] combined = Lines(Airlock(["audit", "tail", "--agent", "reader", "--tool", "add", path]).Out);
        string[] partial = Lines(Airlock(["audit", "tail", "--agent", "read", path]).Out);

        Assert.Equal(3, reader.Length);
        Assert.Equal(2, blocked.Length);
        Assert.All(blocked, l => Assert.Contains("  blocked  reader  delete_record  ", l, StringComparison.Ordinal));
        Assert.Equal(3, refusedOrBlocked.Length);
        Assert.Contains("admin", Assert.Single(tool), StringComparison.Ordinal);
        Assert.Contains("validation_error (validation)", Assert.Single(combined), StringComparison.Ordinal);
        Assert.Empty(partial);
    }

    [Fact]
    public void Tail_json_prints_the_matching_lines_unchanged_across_files_in_order()
    {
        string[] lines = AuditLines.Chain([Blocked, Masked, Refused, Blocked]);
        File("x-20261123.jsonl", lines[..2]);
        File("x-20261123_001.jsonl", lines[2..]);

        (int code, string output, _) = Airlock(["audit", "tail", "--json", "--decision", "blocked", _folder]);

        Assert.Equal(0, code);
        Assert.Equal(AuditLines.Text([lines[0], lines[3]]), output);
    }

    [Fact]
    public void Tail_skips_unreadable_lines_and_counts_them_on_standard_error()
    {
        string[] lines = AuditLines.Chain(3);
        string path = Path.Combine(_folder, "a.jsonl");
        System.IO.File.WriteAllText(path, lines[0] + "\nnot json\n\n" + lines[1] + "\n[1,2]\n" + lines[2] + "\n{\"Time\":\"2026-11-23T2", new UTF8Encoding(false));

        (int code, string output, string error) = Airlock(["audit", "tail", path]);

        Assert.Equal(0, code);
        Assert.Equal(3, Lines(output).Length);
        Assert.Equal("airlock audit tail: skipped 3 unreadable lines (not JSON objects).", error.TrimEnd());
    }

    [Fact]
    public void Help_is_printed_for_the_command_and_each_subcommand()
    {
        (int code, string output, _) = Airlock(["audit", "--help"]);
        (int helpCode, string helpOutput, _) = Airlock(["help", "audit"]);
        (int verifyCode, string verifyOutput, _) = Airlock(["audit", "verify", "--help"]);
        (int tailCode, string tailOutput, _) = Airlock(["audit", "tail", "-h"]);
        (_, string commands, _) = Airlock(["--help"]);
        (int bareCode, _, string bareError) = Airlock(["audit"]);

        Assert.Equal((0, 0, 0, 0, 2), (code, helpCode, verifyCode, tailCode, bareCode));
        Assert.StartsWith("Usage: airlock audit <subcommand>", output, StringComparison.Ordinal);
        Assert.Equal(output, helpOutput);
        Assert.Equal(output, bareError);
        Assert.StartsWith("Usage: airlock audit verify", verifyOutput, StringComparison.Ordinal);
        Assert.StartsWith("Usage: airlock audit tail", tailOutput, StringComparison.Ordinal);
        Assert.Contains("  audit ", commands, StringComparison.Ordinal);
    }
}
