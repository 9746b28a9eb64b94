using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// A string of structured content is scanned as its pair reads in JSON text, <c>"name":"value"</c>: what a detector
/// recognises by a keyword before a value is found there as in the text block, and only the value is ever masked.
/// </summary>
public sealed class StructuredValuesAreReadAfterTheirFieldName
{
    private readonly List<IReadOnlyList<Redaction>> _reports = [];

    private ResultSanitizer Create()
    {
        var text = new TextSanitizer(new SensitiveDataScanner([], []), new ValueMasker(new byte[32]), StrategyTable.Defaults);
        var scope = new SanitizerSettings.ToolScope(StrategyTable.Defaults, FieldRules.None, 0);
        return new ResultSanitizer(text, scope, (r, _, _) => _reports.Add(r));
    }

    private string Run(string structured)
    {
        using var document = JsonDocument.Parse("""{"id":1,"result":{"structuredContent":""" + structured + "}}");
        using var output = new PooledBufferWriter();
        return Create().Write(document.RootElement, output)
            ? JsonDocument.Parse(output.WrittenMemory).RootElement.GetProperty("result").GetProperty("structuredContent").GetRawText()
            : structured;
    }

    [Theory]
    [InlineData("""{"ssn":"123456789"}""", "123456789", "SSN")]
    [InlineData("""{"customer":{"social_security_number":["078051120"]}}""", "078051120", "SSN")]
    [InlineData("""{"Authorization":"Bearer abcdef1234567890"}""", "abcdef1234567890", "BEARER_TOKEN")]
    [InlineData("""{"proxy-authorization":"Basic dXNlcjpwYXNzd29yZA=="}""", "dXNlcjpwYXNzd29yZA==", "PASSWORD")]
    [InlineData("""{"aws_secret_access_key_old":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}""", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY")]
    public void A_value_known_by_the_keyword_before_it_is_masked(string structured, string value, string type)
    {
        string masked = Run(structured);

        Assert.DoesNotContain(value, masked, StringComparison.Ordinal);
        Assert.Equal(type, Assert.Single(Assert.Single(_reports)).Type);
    }

    [Fact]
    public void Only_the_value_is_masked_the_scheme_before_it_stays()
    {
        Assert.Equal("""{"Authorization":"Bearer [REDACTED]"}""", Run("""{"Authorization":"Bearer abcdef1234567890"}"""));
    }

    [Theory]
    [InlineData("""{"order":"123456789"}""")]
    [InlineData("""{"classname":"123456789"}""")]
    [InlineData("""{"note":"Bearer abcdef1234567890"}""")]
    [InlineData("""{"ada@example.com":"fine"}""")]
    [InlineData("""{"4111111111111111":"fine"}""")]
    public void Without_the_keyword_or_with_a_finding_in_the_name_alone_the_value_is_left(string structured)
    {
        Assert.Equal(structured, Run(structured));
        Assert.Empty(_reports);
    }

    [Fact]
    public void A_value_found_without_its_name_is_reported_at_its_own_offsets()
    {
        Assert.Equal("""{"contact":"write to a***@example.com today"}""", Run("""{"contact":"write to ada@example.com today"}"""));
    }

    [Fact]
    public void Only_the_end_of_a_long_name_is_read_before_each_value()
    {
        string name = new string('n', 1 << 20) + "_ssn";
        string items = string.Join(',', Enumerable.Repeat("\"123456789\"", 1_000));

        string masked = Run($$"""{"{{name}}":[{{items}}]}""");

        Assert.DoesNotContain("123456789", masked, StringComparison.Ordinal);
        Assert.Equal(1_000, Assert.Single(_reports).Count);
    }
}
