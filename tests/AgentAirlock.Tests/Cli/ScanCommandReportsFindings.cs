using System.Text;
using System.Text.Json;
using AgentAirlock.Cli;
using static AgentAirlock.Tests.Cli.AirlockCommandLine;

namespace AgentAirlock.Tests.Cli;

/// <summary>
/// <c>airlock scan</c> run in process. The findings come from the real detectors (an e-mail address and an AWS access
/// key id); the other tests hold without any detector.
/// </summary>
public sealed class ScanCommandReportsFindings : IDisposable
{
    private const string Email = "john.doe@example.com";
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string Leaky = "first line\ncontact: " + Email + "\nkey " + AccessKey + "\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("airlock-scan-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string content)
    {
        string path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Findings_are_listed_one_per_line_with_position_type_and_mask()
    {
        string path = File("leaky.txt", Leaky);

        (int code, string output, string error) = Airlock(["scan", path]);

        Assert.Equal(1, code);
        Assert.Equal("", error);
        Assert.Equal(
            [$"{path}:2:10  EMAIL  j***@example.com", $"{path}:3:5  AWS_ACCESS_KEY_ID  AKIAIOS...MPLE"],
            Lines(output));
    }

    [Fact]
    public void Raw_values_are_never_printed_whatever_the_form()
    {
        string path = File("leaky.txt", Leaky);

        foreach (string[] args in new[] { new[] { "scan", path }, ["scan", "--json", path], ["scan", "--mask", path], ["scan", "--strategy", "Hash", path] })
        {
            (int code, string output, _) = Airlock(args);

            Assert.Equal(1, code);
            Assert.DoesNotContain(Email, output, StringComparison.Ordinal);
            Assert.DoesNotContain(AccessKey, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Standard_input_is_scanned_when_no_file_is_named()
    {
        (int code, string output, _) = Airlock(["scan"], Leaky);
        (int dashCode, string dashOutput, _) = Airlock(["scan", "-"], Leaky);

        Assert.Equal(1, code);
        Assert.StartsWith("<stdin>:2:10  EMAIL  j***@example.com", output, StringComparison.Ordinal);
        Assert.Equal((code, output), (dashCode, dashOutput));
    }

    [Fact]
    public void Json_gives_byte_offsets_lines_and_character_columns()
    {
        // "é" is two bytes and one character: the offset and the column differ by one.
        string path = File("accents.txt", "héllo\nécrire à " + Email + "\n");

        (int code, string output, _) = Airlock(["scan", "--json", path]);

        Assert.Equal(1, code);
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal(1, root.GetProperty("total").GetInt32());
        JsonElement file = Assert.Single(root.GetProperty("files").EnumerateArray());
        Assert.Equal(path, file.GetProperty("path").GetString());
        JsonElement finding = Assert.Single(file.GetProperty("findings").EnumerateArray());
        Assert.Equal("EMAIL", finding.GetProperty("type").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount("héllo\nécrire à "), finding.GetProperty("start").GetInt32());
        Assert.Equal(Email.Length, finding.GetProperty("length").GetInt32());
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
        Assert.Equal("écrire à ".Length + 1, finding.GetProperty("column").GetInt32());
        Assert.Equal("j***@example.com", finding.GetProperty("masked").GetString());
    }

    [Fact]
    public void Json_lists_every_file_even_without_findings()
    {
        string clean = File("clean.txt", "nothing here\n");

        (int code, string output, _) = Airlock(["scan", "--json", clean]);

        Assert.Equal(0, code);
        Assert.Equal("{\"files\":[{\"path\":" + JsonSerializer.Serialize(clean) + ",\"findings\":[]}],\"total\":0}", output.TrimEnd());
    }

    [Fact]
    public void Mask_prints_the_inputs_concatenated_with_their_findings_masked()
    {
        string first = File("first.txt", Leaky);
        string second = File("second.txt", "plain ✓\n");

        (int code, string output, _) = Airlock(["scan", "--mask", first, second]);

        Assert.Equal(1, code);
        Assert.Equal("first line\ncontact: j***@example.com\nkey AKIAIOS...MPLE\nplain ✓\n", output);
    }

    [Fact]
    public void A_strategy_option_overrides_every_type()
    {
        string path = File("leaky.txt", Leaky);

        (_, string output, _) = Airlock(["scan", "--mask", "--strategy=typeonly", path]);

        Assert.Equal("first line\ncontact: [EMAIL]\nkey [AWS_ACCESS_KEY_ID]\n", output);
    }

    [Fact]
    public void A_configuration_file_applies_strategies_allowed_domains_and_disabled_types()
    {
        string path = File("leaky.txt", Leaky + "ops: jane@corp.example\n");
        string config = File("appsettings.json", """
            {
              "Airlock": {
                "Sanitizer": {
                  "DisabledTypes": [ "AwsAccessKeyId" ],
                  "Strategies": { "Email": "TypeOnly" },
                  "AllowedEmailDomains": [ "corp.example" ],
                  "HashKey": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
                }
              }
            }
            """);

        (int code, string output, string error) = Airlock(["scan", "--config", config, path]);

        Assert.Equal("", error);
        Assert.Equal(1, code);
        Assert.Equal([$"{path}:2:10  EMAIL  [EMAIL]"], Lines(output));
    }

    [Fact]
    public void The_configured_hash_key_makes_hash_masks_reproducible()
    {
        string path = File("leaky.txt", Leaky);
        string config = File("appsettings.json", """{ "Airlock": { "Sanitizer": { "HashKey": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" } } }""");

        (_, string first, _) = Airlock(["scan", "--config", config, "--strategy", "Hash", path]);
        (_, string second, _) = Airlock(["scan", "--config", config, "--strategy", "Hash", path]);

        Assert.Matches("EMAIL  \\[EMAIL:[0-9a-f]{8}\\]", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Nothing_found_exits_with_zero_and_prints_nothing()
    {
        string path = File("clean.txt", "just some words\nand lines\n");

        (int code, string output, string error) = Airlock(["scan", path]);

        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal("", error);
    }

    [Fact]
    public void A_missing_file_is_named_on_stderr_and_exits_with_two_after_scanning_the_others()
    {
        string missing = Path.Combine(_folder, "missing.txt");
        string clean = File("clean.txt", "just some words\n");

        (int code, string output, string error) = Airlock(["scan", "--json", missing, clean]);

        Assert.Equal(2, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Contains(clean, output, StringComparison.Ordinal);
        Assert.DoesNotContain("missing.txt", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--strategy", "Sometimes")]
    [InlineData("--strategy", "1")]
    [InlineData("--unknown", "x")]
    [InlineData("--json", "--mask")]
    [InlineData("x", "--config")]
    public void Bad_options_exit_with_two_and_say_why(string first, string second)
    {
        (int code, string output, string error) = Airlock(["scan", first, second]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("airlock scan: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Airlock": { "Sanitizer": { "HashKey": "not base64!" } } }""", "HashKey")]
    [InlineData("""{ "Airlock": { "Sanitizer": { "HashKey": "c2hvcnQ=" } } }""", "HashKey")]
    [InlineData("""{ "Airlock": { "Sanitizer": { "Strategies": { "Email": "Ful" } } } }""", "Strategies:Email")]
    [InlineData("""{ "Airlock": { "Sanitizer": { "Strategies": { "Emial": "Full" } } } }""", "Strategies:Emial")]
    [InlineData("""{ "Airlock": { "Sanitizer": { "DisabledTypes": [ "99" ] } } }""", "DisabledTypes:0")]
    [InlineData("""{ "Airlock": """, "appsettings.json")]
    public void A_bad_configuration_exits_with_two_naming_the_file_and_key(string json, string named)
    {
        string config = File("appsettings.json", json);

        (int code, _, string error) = Airlock(["scan", "--config", config], "text");

        Assert.Equal(2, code);
        Assert.Contains(config, error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_configuration_file_exits_with_two()
    {
        string config = Path.Combine(_folder, "nowhere.json");

        (int code, _, string error) = Airlock(["scan", "--config", config], "text");

        Assert.Equal(2, code);
        Assert.Contains(config, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_is_printed_for_help_and_on_stderr_without_a_command()
    {
        (int helpCode, string help, _) = Airlock(["--help"]);
        (int bareCode, string bareOutput, string bareError) = Airlock([]);
        (int scanHelpCode, string scanHelp, _) = Airlock(["scan", "--help"]);

        Assert.Equal(0, helpCode);
        Assert.Contains("Usage: airlock <command>", help, StringComparison.Ordinal);
        Assert.Contains("scan", help, StringComparison.Ordinal);
        Assert.Equal(2, bareCode);
        Assert.Equal("", bareOutput);
        Assert.Contains("Usage: airlock <command>", bareError, StringComparison.Ordinal);
        Assert.Equal(0, scanHelpCode);
        Assert.Contains("256 MiB", scanHelp, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_exits_with_two_and_names_it()
    {
        (int code, string output, string error) = Airlock(["scna", "file.txt"]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("unknown command 'scna'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_and_columns_count_characters_from_one()
    {
        byte[] text = Encoding.UTF8.GetBytes("ab\r\né😀x\n\nz");
        var positions = new LinePositions();

        Assert.Equal((1, 1), positions.Locate(text, 0));
        Assert.Equal((1, 2), positions.Locate(text, 1));
        Assert.Equal((2, 1), positions.Locate(text, 4));
        Assert.Equal((2, 4), positions.Locate(text, Encoding.UTF8.GetByteCount("ab\r\né😀")));
        Assert.Equal((4, 1), positions.Locate(text, text.Length - 1));
    }
}
