using System.Text.Encodings.Web;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Sanitization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// A text block that is the serialization of the result's structured content (what the SDK sends beside a tool's
/// structured result) becomes the serialization of the masked content, with the content's field rules, without a scan
/// of its own; anything else, or anything only a scan of the text would find, leaves the text to its own scan.
/// A field rule (<c>mail</c>: <c>TypeOnly</c>) shows which of the two a text got: <c>[EMAIL]</c> or <c>a***@example.com</c>.
/// </summary>
public sealed class TextRepeatingTheStructuredContentTakesItsMasks
{
    private static readonly JsonSerializerOptions RelaxedOptions = new(McpJsonUtilities.DefaultOptions) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<(IReadOnlyList<Redaction> Redactions, bool Truncated)> _reports = [];

    private ResultSanitizer Create(IReadOnlyList<string>? allowedFields = null, int maxOutputChars = 20_000)
    {
        var options = new SanitizerOptions();
        options.Strategies[SensitiveDataType.Email] = MaskingStrategy.Partial;
        options.Strategies[SensitiveDataType.PaymentCard] = MaskingStrategy.Partial;
        TextSanitizer text = TextSanitizer.Create(options, new byte[32]);
        var fields = new FieldRules(allowedFields ?? [], [new("mail", MaskingStrategy.TypeOnly)]);
        var scope = new SanitizerSettings.ToolScope(text.Strategies, fields, maxOutputChars);
        return new ResultSanitizer(text, scope, (r, t, _) => _reports.Add((r, t)));
    }

    [Fact]
    public void The_repeated_text_becomes_the_masked_contents_serialization_and_is_reported_as_the_content_is()
    {
        CallToolResult result = Repeating(new { id = 7, mail = "ada@example.com", card = "4111 1111 1111 1111", phone = "+1 415-555-0132" });

        CallToolResult sanitized = Create().Sanitize(result);

        string structured = sanitized.StructuredContent!.Value.GetRawText();
        Assert.Equal("""{"id":7,"mail":"[EMAIL]","card":"**** **** **** 1111","phone":"+* ***-***-0132"}""", structured);
        Assert.Equal(structured, Text(sanitized));
        Assert.Equal(
            [
                new Redaction("EMAIL", "content[0].text"), new Redaction("CREDIT_CARD", "content[0].text"), new Redaction("PHONE", "content[0].text"),
                new Redaction("EMAIL", "structuredContent.mail"), new Redaction("CREDIT_CARD", "structuredContent.card"), new Redaction("PHONE", "structuredContent.phone"),
            ],
            Assert.Single(_reports).Redactions);
    }

    [Fact]
    public void A_clean_result_that_repeats_its_content_is_returned_as_it_is()
    {
        CallToolResult result = Repeating(new { id = 7, name = "Ada", tags = new[] { "a", "b" }, score = 1.5 });

        Assert.Same(result, Create().Sanitize(result));
        Assert.Empty(_reports);
    }

    [Fact]
    public void A_text_that_differs_from_the_content_by_a_byte_is_scanned_by_itself()
    {
        CallToolResult repeating = Repeating(new { mail = "ada@example.com" });
        var result = new CallToolResult { Content = [new TextContentBlock { Text = Text(repeating) + " " }], StructuredContent = repeating.StructuredContent };

        CallToolResult sanitized = Create().Sanitize(result);

        Assert.Equal("""{"mail":"a***@example.com"} """, Text(sanitized));
        Assert.Equal("""{"mail":"[EMAIL]"}""", sanitized.StructuredContent!.Value.GetRawText());
    }

    [Fact]
    public void Only_the_first_block_that_repeats_the_content_takes_its_masks()
    {
        CallToolResult repeating = Repeating(new { mail = "ada@example.com" });
        var result = new CallToolResult
        {
            Content = [new TextContentBlock { Text = "write to bob@example.org" }, repeating.Content[0], repeating.Content[0]],
            StructuredContent = repeating.StructuredContent,
        };

        CallToolResult sanitized = Create().Sanitize(result);

        Assert.Equal("write to b***@example.org", Text(sanitized, 0));
        Assert.Equal("""{"mail":"[EMAIL]"}""", Text(sanitized, 1));
        Assert.Equal("""{"mail":"a***@example.com"}""", Text(sanitized, 2));
        Assert.Equal(
            ["content[0].text", "content[1].text", "content[2].text", "structuredContent.mail"],
            Assert.Single(_reports).Redactions.Select(r => r.Location));
    }

    public static TheoryData<string, string> SensitiveNamesAndNumbers() => new()
    {
        { """{"ada@example.com":"x","mail":"bob@example.org"}""", "ada@example.com" },
        { """{"card":4111111111111111,"mail":"bob@example.org"}""", "4111111111111111" },
        { """{"password":31415926,"mail":"bob@example.org"}""", "31415926" },
        { """{"list":[{"AKIAIOSFODNN7EXAMPLE":true}],"mail":"bob@example.org"}""", "AKIAIOSFODNN7EXAMPLE" },
    };

    [Theory]
    [MemberData(nameof(SensitiveNamesAndNumbers))]
    public void A_property_name_or_number_holding_something_leaves_the_text_to_its_own_scan(string json, string sensitive)
    {
        var result = new CallToolResult { Content = [new TextContentBlock { Text = json }], StructuredContent = JsonElement.Parse(json) };

        CallToolResult sanitized = Create().Sanitize(result);

        string text = Text(sanitized);
        Assert.DoesNotContain(sensitive, text, StringComparison.Ordinal);
        Assert.Contains("b***@example.org", text, StringComparison.Ordinal);
        Assert.Contains("\"[EMAIL]\"", sanitized.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_the_operator_allows_in_the_content_is_still_masked_in_the_text()
    {
        CallToolResult result = Repeating(new { contact = "ada@example.com", mail = "bob@example.org" });

        CallToolResult sanitized = Create(allowedFields: ["contact"]).Sanitize(result);

        Assert.Equal("""{"contact":"ada@example.com","mail":"[EMAIL]"}""", sanitized.StructuredContent!.Value.GetRawText());
        Assert.Equal("""{"contact":"a***@example.com","mail":"b***@example.org"}""", Text(sanitized));
    }

    [Fact]
    public void A_repeated_text_over_the_budget_is_cut_as_any_text()
    {
        CallToolResult result = Repeating(new { mail = "ada@example.com", note = new string('x', 300) });

        CallToolResult sanitized = Create(maxOutputChars: 100).Sanitize(result);

        string text = Text(sanitized);
        Assert.StartsWith("""{"mail":"a***@example.com","note":"xxx""", text, StringComparison.Ordinal);
        Assert.Contains("OUTPUT TRUNCATED", text, StringComparison.Ordinal);
        Assert.True(Assert.Single(_reports).Truncated);
    }

    [Fact]
    public void Content_serialized_without_escaping_outside_ascii_is_recognised_in_its_text()
    {
        JsonElement structured = JsonSerializer.SerializeToElement(new { name = "Zoë Café", mail = "zoe@example.com" }, RelaxedOptions);
        var result = new CallToolResult { Content = [new TextContentBlock { Text = structured.GetRawText() }], StructuredContent = structured };

        CallToolResult sanitized = Create().Sanitize(result);

        Assert.Equal("""{"name":"Zoë Café","mail":"[EMAIL]"}""", Text(sanitized));
    }

    /// <summary>A result as the SDK makes one for a tool's structured result: the content, and its JSON as the text block.</summary>
    private static CallToolResult Repeating(object value)
    {
        JsonElement structured = JsonSerializer.SerializeToElement(value, McpJsonUtilities.DefaultOptions);
        return new CallToolResult { Content = [new TextContentBlock { Text = JsonSerializer.Serialize(structured, McpJsonUtilities.DefaultOptions) }], StructuredContent = structured };
    }

    private static string Text(CallToolResult result, int index = 0) => Assert.IsType<TextContentBlock>(result.Content[index]).Text;
}
