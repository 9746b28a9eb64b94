using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// The sanitizer applied to a <see cref="CallToolResult"/> before the SDK serializes it (the call-tool filter's path):
/// the same masks, truncation and report as the byte-level rewrite of the serialized result, the tool's own objects left
/// as they are, and a clean result returned as it is.
/// </summary>
public sealed class ResultSanitizerSanitizesResultsBeforeSerialization
{
    private readonly List<(IReadOnlyList<Redaction> Redactions, bool Truncated)> _reports = [];

    private ResultSanitizer Create(FieldRules? fields = null, int maxOutputChars = 20_000)
    {
        var options = new SanitizerOptions();
        options.Strategies[SensitiveDataType.Email] = MaskingStrategy.Partial;
        TextSanitizer text = TextSanitizer.Create(options, new byte[32]);
        var scope = new SanitizerSettings.ToolScope(text.Strategies, fields ?? FieldRules.None, maxOutputChars);
        return new ResultSanitizer(text, scope, (r, t, _) => _reports.Add((r, t)));
    }

    public static TheoryData<string> Results() =>
    [
        "contact ada.lovelace@example.com or +1 415-555-0132; card 4111 1111 1111 1111",
        "nothing to see here, order 12345 shipped",
        "key=AKIAIOSFODNN7EXAMPLE and Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345",
        "caf\u00e9 \"quoted\" \\ back\nslash\t<tag> & ssn 078-05-1120 \u2028 end",
        "postgres://app:S3cretPassw0rd@db.example.com:5432/orders and 2001:db8::ff00:42:8329",
    ];

    [Theory]
    [MemberData(nameof(Results))]
    public void Gives_the_result_the_byte_level_rewrite_gives_the_serialized_result(string text)
    {
        CallToolResult result = ResultOf(text);

        JsonElement byBytes = RewriteSerialized(result, out bool changedByBytes);
        var bytesReports = _reports.ToList();
        _reports.Clear();
        CallToolResult sanitized = Create().Sanitize(result);
        JsonElement byObjects = JsonSerializer.SerializeToElement(sanitized, McpJsonUtilities.DefaultOptions);

        Assert.True(JsonElement.DeepEquals(byBytes, byObjects), $"bytes: {byBytes}\nobjects: {byObjects}");
        Assert.Equal(changedByBytes, !ReferenceEquals(result, sanitized));
        Assert.Equal(bytesReports.Select(r => r.Redactions.ToList()), _reports.Select(r => r.Redactions.ToList()));
    }

    [Fact]
    public void A_clean_result_is_returned_as_it_is_without_a_report()
    {
        CallToolResult result = ResultOf("nothing here");

        Assert.Same(result, Create().Sanitize(result));
        Assert.Empty(_reports);
    }

    [Fact]
    public void The_tools_own_objects_are_left_unchanged()
    {
        var resource = new TextResourceContents { Uri = "file:///app.env", MimeType = "text/plain", Text = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE" };
        var image = new ImageContentBlock { Data = Encoding.UTF8.GetBytes(Convert.ToBase64String("ada.lovelace@example.com"u8)), MimeType = "image/png" };
        var result = new CallToolResult
        {
            Content = [new TextContentBlock { Text = "mail ada.lovelace@example.com" }, image, new EmbeddedResourceBlock { Resource = resource }],
            Meta = new JsonObject { ["kept"] = true },
            IsError = false,
        };

        CallToolResult sanitized = Create().Sanitize(result);

        Assert.Equal("mail a***@example.com", Assert.IsType<TextContentBlock>(sanitized.Content[0]).Text);
        Assert.Same(image, sanitized.Content[1]);
        var sanitizedResource = Assert.IsType<TextResourceContents>(Assert.IsType<EmbeddedResourceBlock>(sanitized.Content[2]).Resource);
        Assert.Equal("AWS_ACCESS_KEY_ID=AKIAIOS...MPLE", sanitizedResource.Text);
        Assert.Equal(("file:///app.env", "text/plain"), (sanitizedResource.Uri, sanitizedResource.MimeType));
        Assert.Same(result.Meta, sanitized.Meta);
        Assert.False(sanitized.IsError);
        Assert.Equal("mail ada.lovelace@example.com", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
        Assert.Equal("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", resource.Text);
        Assert.Equal(
            [new Redaction("EMAIL", "content[0].text"), new Redaction("AWS_ACCESS_KEY_ID", "content[2].resource.text")],
            Assert.Single(_reports).Redactions);
    }

    [Fact]
    public void Structured_content_is_masked_with_its_field_rules_and_only_when_it_changes_is_it_replaced()
    {
        var fields = new FieldRules(["keep"], [new("typed", MaskingStrategy.TypeOnly)]);
        JsonElement structured = JsonElement.Parse("""{"keep":"ada@example.com","typed":"ada@example.com","deep":[{"mail":"ada@example.com"},"fine",1.50]}""");
        var result = new CallToolResult { Content = [new TextContentBlock { Text = "see the record" }], StructuredContent = structured };

        CallToolResult sanitized = Create(fields).Sanitize(result);

        Assert.Same(result.Content, sanitized.Content);
        Assert.Equal(
            """{"keep":"ada@example.com","typed":"[EMAIL]","deep":[{"mail":"a***@example.com"},"fine",1.50]}""",
            sanitized.StructuredContent!.Value.GetRawText());
        Assert.Equal(
            [new Redaction("EMAIL", "structuredContent.typed"), new Redaction("EMAIL", "structuredContent.deep[0].mail")],
            Assert.Single(_reports).Redactions);
    }

    [Fact]
    public void A_result_without_content_has_its_structured_content_masked()
    {
        var result = new CallToolResult { Content = null!, StructuredContent = JsonElement.Parse("""{"mail":"ada@example.com"}""") };

        CallToolResult sanitized = Create().Sanitize(result);

        Assert.Null(sanitized.Content);
        Assert.Equal("""{"mail":"a***@example.com"}""", sanitized.StructuredContent!.Value.GetRawText());
    }

    [Fact]
    public void A_text_with_a_lone_surrogate_is_redacted_whole()
    {
        CallToolResult sanitized = Create().Sanitize(new CallToolResult { Content = [new TextContentBlock { Text = "a \ud800 ada@example.com" }] });

        Assert.Equal("[REDACTED]", Assert.IsType<TextContentBlock>(sanitized.Content[0]).Text);
        Assert.Equal([new Redaction("UNREADABLE", "content[0].text")], Assert.Single(_reports).Redactions);
    }

    [Fact]
    public void The_text_budget_is_shared_by_the_text_blocks_of_one_result()
    {
        string first = new('a', 150);
        string second = new('b', 150);
        var result = new CallToolResult { Content = [new TextContentBlock { Text = first }, new TextContentBlock { Text = second }] };

        CallToolResult sanitized = Create(maxOutputChars: 200).Sanitize(result);

        Assert.Same(result.Content[0], sanitized.Content[0]);
        string cut = Assert.IsType<TextContentBlock>(sanitized.Content[1]).Text;
        Assert.StartsWith("bbb", cut, StringComparison.Ordinal);
        Assert.Contains("OUTPUT TRUNCATED", cut, StringComparison.Ordinal);
        Assert.True(Assert.Single(_reports).Truncated);
    }

    private static CallToolResult ResultOf(string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(new { note = text, items = new[] { text, "plain" } }),
    };

    /// <summary>The result as the SDK serializes it, through the byte-level transform; the <c>result</c> member of what leaves.</summary>
    private JsonElement RewriteSerialized(CallToolResult result, out bool changed)
    {
        JsonElement serialized = JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions);
        string message = $$"""{"jsonrpc":"2.0","id":1,"result":{{serialized.GetRawText()}}}""";
        using var document = JsonDocument.Parse(message);
        using var output = new PooledBufferWriter();
        changed = Create().Write(document.RootElement, output);
        using var written = JsonDocument.Parse(changed ? Encoding.UTF8.GetString(output.WrittenSpan) : message);
        return written.RootElement.GetProperty("result").Clone();
    }
}
