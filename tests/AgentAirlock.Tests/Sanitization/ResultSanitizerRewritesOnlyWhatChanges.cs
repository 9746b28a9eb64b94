using System.Text;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// The result transform, with a detector that finds the word SECRET: only strings with findings are re-encoded, every
/// other byte of the message is kept, a clean message is not rewritten, and the report names types and places.
/// </summary>
public sealed class ResultSanitizerRewritesOnlyWhatChanges
{
    private readonly List<(IReadOnlyList<Redaction> Redactions, bool Truncated)> _reports = [];

    private ResultSanitizer Create(FieldRules? fields = null, int maxOutputChars = 0)
    {
        var text = new TextSanitizer(new SensitiveDataScanner([new WordDetector()], [], []), new ValueMasker(new byte[32]), StrategyTable.Defaults);
        var scope = new SanitizerSettings.ToolScope(StrategyTable.Defaults, fields ?? FieldRules.None, maxOutputChars);
        return new ResultSanitizer(text, scope, (r, t, _) => _reports.Add((r, t)));
    }

    private static (bool Changed, string Output) Run(ResultSanitizer sanitizer, string message)
    {
        using var document = JsonDocument.Parse(message);
        using var output = new PooledBufferWriter();
        bool changed = sanitizer.Write(document.RootElement, output);
        return (changed, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void A_clean_result_is_not_rewritten()
    {
        (bool changed, string output) = Run(Create(), """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"nothing here"}],"structuredContent":{"a":["x",{"b":"y"}]}}}""");

        Assert.False(changed);
        Assert.Empty(output);
        Assert.Empty(_reports);
    }

    [Fact]
    public void Only_the_strings_with_findings_change_and_every_other_byte_is_kept()
    {
        const string message = """{ "jsonrpc" : "2.0", "id":1, "result":{"content":[{"type":"text","text":"a SECRET \u00e9 \"q\""},{"type":"text","text":"caf\u00e9 <ok>"}], "structuredContent":{"deep":{"list":["SECRET","fine"]},"n":1.50}} }""";

        (bool changed, string output) = Run(Create(), message);

        Assert.True(changed);
        Assert.Equal("""{ "jsonrpc" : "2.0", "id":1, "result":{"content":[{"type":"text","text":"a [REDACTED] é \"q\""},{"type":"text","text":"caf\u00e9 <ok>"}], "structuredContent":{"deep":{"list":["[REDACTED]","fine"]},"n":1.50}} }""", output);
        (IReadOnlyList<Redaction> redactions, bool truncated) = Assert.Single(_reports);
        Assert.False(truncated);
        Assert.Equal([new Redaction("PASSWORD", "content[0].text"), new Redaction("PASSWORD", "structuredContent.deep.list[0]")], redactions);
    }

    [Fact]
    public void Embedded_resource_text_is_scanned_and_other_blocks_are_not()
    {
        (bool changed, string output) = Run(Create(), """{"id":1,"result":{"content":[{"type":"image","data":"SECRET","mimeType":"image/png"},{"type":"resource","resource":{"uri":"file:///SECRET","text":"SECRET"}}]}}""");

        Assert.True(changed);
        Assert.Equal("""{"id":1,"result":{"content":[{"type":"image","data":"SECRET","mimeType":"image/png"},{"type":"resource","resource":{"uri":"file:///SECRET","text":"[REDACTED]"}}]}}""", output);
    }

    [Fact]
    public void Allowed_fields_keep_their_value_and_field_strategies_apply_to_every_finding_in_the_field()
    {
        var fields = new FieldRules(["keep", "$.path.exact"], [new("typed", MaskingStrategy.TypeOnly)]);

        (_, string output) = Run(Create(fields), """{"id":1,"result":{"structuredContent":{"keep":"SECRET","path":{"exact":"SECRET","other":"SECRET"},"typed":"SECRET"}}}""");

        Assert.Equal("""{"id":1,"result":{"structuredContent":{"keep":"SECRET","path":{"exact":"SECRET","other":"[REDACTED]"},"typed":"[PASSWORD]"}}}""", output);
    }

    [Fact]
    public void Errors_and_messages_without_a_result_are_left_alone()
    {
        Assert.False(Run(Create(), """{"id":1,"error":{"code":-32602,"message":"SECRET"}}""").Changed);
        Assert.False(Run(Create(), """{"method":"notifications/message","params":{"data":"SECRET"}}""").Changed);
    }

    [Fact]
    public void The_text_budget_is_shared_by_the_text_blocks_of_one_result()
    {
        string first = new('a', 150);
        string second = new('b', 150);

        (bool changed, string output) = Run(Create(maxOutputChars: 200), $$$"""{"id":1,"result":{"content":[{"type":"text","text":"{{{first}}}"},{"type":"text","text":"{{{second}}}"}]}}""");

        Assert.True(changed);
        using var document = JsonDocument.Parse(output);
        JsonElement content = document.RootElement.GetProperty("result").GetProperty("content");
        Assert.Equal(first, content[0].GetProperty("text").GetString());
        string cut = content[1].GetProperty("text").GetString()!;
        Assert.StartsWith("bbb", cut, StringComparison.Ordinal);
        Assert.Contains("OUTPUT TRUNCATED", cut, StringComparison.Ordinal);
        Assert.True(Assert.Single(_reports).Truncated);
    }

    [Fact]
    public void Each_finding_is_reported_at_the_location_of_its_string()
    {
        const string message = """{"id":1,"result":{"content":[{"type":"text","text":"SECRET and SECRET"},{"type":"resource","resource":{"text":"SECRET"}}],"structuredContent":{"list":["ok",{"na\u00efve":"SECRET","café":["x","SECRET"]}]}}}""";

        (bool changed, _) = Run(Create(), message);

        Assert.True(changed);
        IReadOnlyList<Redaction> redactions = Assert.Single(_reports).Redactions;
        Assert.Equal(
            [
                new Redaction("PASSWORD", "content[0].text"),
                new Redaction("PASSWORD", "content[0].text"),
                new Redaction("PASSWORD", "content[1].resource.text"),
                new Redaction("PASSWORD", "structuredContent.list[1].naïve"),
                new Redaction("PASSWORD", "structuredContent.list[1].café[1]"),
            ],
            redactions);

        // The findings of one string share its one location.
        Assert.Same(redactions[0].Location, redactions[1].Location);
    }

    [Fact]
    public void Locations_are_the_same_when_path_rules_need_the_path()
    {
        var fields = new FieldRules(["$.elsewhere"], [new("$.other", MaskingStrategy.TypeOnly)]);

        (_, string output) = Run(Create(fields), """{"id":1,"result":{"structuredContent":{"deep":[{"n":"SECRET"}],"other":"SECRET"}}}""");

        Assert.Equal("""{"id":1,"result":{"structuredContent":{"deep":[{"n":"[REDACTED]"}],"other":"[PASSWORD]"}}}""", output);
        Assert.Equal(
            [new Redaction("PASSWORD", "structuredContent.deep[0].n"), new Redaction("PASSWORD", "structuredContent.other")],
            Assert.Single(_reports).Redactions);
    }

    [Fact]
    public void A_structured_value_that_is_a_lone_string_is_reported_at_the_root()
    {
        (_, string output) = Run(Create(), """{"id":1,"result":{"structuredContent":"SECRET"}}""");

        Assert.Equal("""{"id":1,"result":{"structuredContent":"[REDACTED]"}}""", output);
        Assert.Equal([new Redaction("PASSWORD", "structuredContent")], Assert.Single(_reports).Redactions);
    }

    [Fact]
    public void Unreadable_strings_are_reported_where_they_are()
    {
        (_, string output) = Run(Create(), """{"id":1,"result":{"content":[{"type":"text","text":"a \ud800 b"}],"structuredContent":{"x":["\udc00"]}}}""");

        Assert.Equal("""{"id":1,"result":{"content":[{"type":"text","text":"[REDACTED]"}],"structuredContent":{"x":["[REDACTED]"]}}}""", output);
        Assert.Equal(
            [new Redaction("UNREADABLE", "content[0].text"), new Redaction("UNREADABLE", "structuredContent.x[0]")],
            Assert.Single(_reports).Redactions);
    }

    [Fact]
    public void Edits_are_written_in_message_order_whatever_order_they_were_found_in()
    {
        // Text blocks are visited before structured content, which comes first in this message.
        const string message = """{"id":1,"result":{"structuredContent":{"a":"SECRET","b":"fine","c":"x SECRET"},"content":[{"type":"text","text":"SECRET!"}]}}""";

        (_, string output) = Run(Create(), message);

        Assert.Equal("""{"id":1,"result":{"structuredContent":{"a":"[REDACTED]","b":"fine","c":"x [REDACTED]"},"content":[{"type":"text","text":"[REDACTED]!"}]}}""", output);
    }

    [Fact]
    public void Many_edits_in_one_message_are_all_written()
    {
        string[] values = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "SECRET" + i : "fine" + i)];
        string message = "{\"id\":1,\"result\":{\"structuredContent\":[" + string.Join(",", values.Select(v => "\"" + v + "\"")) + "]}}";

        (_, string output) = Run(Create(), message);

        string expected = "{\"id\":1,\"result\":{\"structuredContent\":[" + string.Join(",", values.Select(v => "\"" + v.Replace("SECRET", "[REDACTED]", StringComparison.Ordinal) + "\"")) + "]}}";
        Assert.Equal(expected, output);
        Assert.Equal(20, Assert.Single(_reports).Redactions.Count);
    }

    /// <summary>Finds the word SECRET, reported as a password.</summary>
    private sealed class WordDetector : IDetector
    {
        public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.Password];

        public void Detect(ReadOnlySpan<byte> text, FindingList findings)
        {
            int offset = 0;
            int index;
            while ((index = text[offset..].IndexOf("SECRET"u8)) >= 0)
            {
                findings.Add(offset + index, 6, SensitiveDataType.Password);
                offset += index + 6;
            }
        }
    }
}
