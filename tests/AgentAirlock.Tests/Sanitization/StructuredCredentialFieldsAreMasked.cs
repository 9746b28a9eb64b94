using System.Text;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// A string of structured content held by a credential-named field is masked as the same pair written as text is
/// (<c>"password":"…"</c>, which the assignment detector finds): scanned alone, the value has no key before it.
/// </summary>
public sealed class StructuredCredentialFieldsAreMasked
{
    private readonly List<IReadOnlyList<Redaction>> _reports = [];

    private ResultSanitizer Create(IEnumerable<SensitiveDataType>? disabled = null)
    {
        var text = new TextSanitizer(new SensitiveDataScanner(disabled ?? [], []), new ValueMasker(new byte[32]), StrategyTable.Defaults);
        var scope = new SanitizerSettings.ToolScope(StrategyTable.Defaults, FieldRules.None, 0);
        return new ResultSanitizer(text, scope, (r, _, _) => _reports.Add(r));
    }

    private static string Run(ResultSanitizer sanitizer, string structured)
    {
        using var document = JsonDocument.Parse("""{"id":1,"result":{"structuredContent":""" + structured + "}}");
        using var output = new PooledBufferWriter();
        return sanitizer.Write(document.RootElement, output)
            ? JsonDocument.Parse(output.WrittenMemory).RootElement.GetProperty("result").GetProperty("structuredContent").GetRawText()
            : structured;
    }

    [Theory]
    [InlineData("""{"password":"hunter2-horse"}""")]
    [InlineData("""{"db":{"DB_PASSWORD":"hunter2-horse"}}""")]
    [InlineData("""{"clientSecret":"hunter2-horse"}""")]
    [InlineData("""{"api-key":"hunter2-horse"}""")]
    [InlineData("""{"access_token":["hunter2-horse"]}""")]
    public void A_value_under_a_credential_name_is_masked(string structured)
    {
        string masked = Run(Create(), structured);

        Assert.DoesNotContain("hunter2", masked, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", masked, StringComparison.Ordinal);
        Assert.Equal("PASSWORD", Assert.Single(Assert.Single(_reports)).Type);
    }

    [Fact]
    public void The_scheme_word_of_an_authorization_value_is_kept()
    {
        Assert.Equal("""{"token":"Bearer [REDACTED]"}""", Run(Create(), """{"token":"Bearer hunter2-horse"}"""));
    }

    [Theory]
    [InlineData("""{"password":"short"}""")]
    [InlineData("""{"password":"********"}""")]
    [InlineData("""{"password":"undefined"}""")]
    [InlineData("""{"username":"hunter2-horse"}""")]
    [InlineData("""{"passwordPolicy":"at least twelve characters"}""")]
    [InlineData("""{"password":{"length":12}}""")]
    public void Other_values_stay_as_they_are(string structured)
    {
        Assert.Equal(structured, Run(Create(), structured));
        Assert.Empty(_reports);
    }

    [Fact]
    public void A_key_of_its_own_kind_keeps_its_type()
    {
        // A GitHub token under "token" is the GitHub detector's: one finding, of its type, not a second one over it.
        Run(Create(), """{"token":"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}""");

        Assert.Equal("GITHUB_TOKEN", Assert.Single(Assert.Single(_reports)).Type);
    }

    [Fact]
    public void A_disabled_password_type_masks_nothing()
    {
        Assert.Equal("""{"password":"hunter2-horse"}""", Run(Create([SensitiveDataType.Password]), """{"password":"hunter2-horse"}"""));
    }
}
