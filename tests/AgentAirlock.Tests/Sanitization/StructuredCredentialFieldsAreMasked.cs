using System.Diagnostics;
using AgentAirlock.Audit;
using AgentAirlock.Sanitization;
using AgentAirlock.Tests.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// A string of structured content held by a credential-named field is masked as the same pair written as text is
/// (<c>"password":"…"</c>, which the assignment detector finds): scanned alone, the value has no key before it.
/// </summary>
public sealed class StructuredCredentialFieldsAreMasked
{
    private readonly List<IReadOnlyList<Redaction>> _reports = [];

    private ResultSanitizer Create(IEnumerable<SensitiveDataType>? disabled = null) => StructuredContentHarness.Create(_reports, disabled);

    private static string Run(ResultSanitizer sanitizer, string structured) => StructuredContentHarness.Run(sanitizer, structured);

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
    public void A_value_with_a_scheme_word_is_masked_whole_as_a_quoted_value_in_text_is()
    {
        Assert.Equal("""{"token":"[REDACTED]"}""", Run(Create(), """{"token":"Bearer abc12"}"""));
    }

    [Fact]
    public void An_aws_secret_key_under_its_name_keeps_its_type()
    {
        Run(Create(), """{"aws_secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}""");

        Assert.Equal("AWS_SECRET_ACCESS_KEY", Assert.Single(Assert.Single(_reports)).Type);
    }

    [Theory]
    [InlineData("""{"password":"short"}""")]
    [InlineData("""{"password":"********"}""")]
    [InlineData("""{"password":"undefined"}""")]
    [InlineData("""{"username":"hunter2-horse"}""")]
    [InlineData("""{"passwordPolicy":"at least twelve characters"}""")]
    [InlineData("""{"password":{"length":12}}""")]
    [InlineData("""{"token_type":"Bearer"}""")]
    [InlineData("""{"tokenCount":"twelve thousand"}""")]
    [InlineData("""{"passwordLastChanged":"2026-01-14T09:00:00Z"}""")]
    [InlineData("""{"nextPageToken":"CAESBggBEAEYAQ"}""")]
    [InlineData("""{"next_page_token":"abcdef0123456789abcdef0123456789"}""")]
    [InlineData("""{"NextToken":"eyABCDEFGHIJ"}""")]
    [InlineData("""{"continuationToken":"abcdef123456"}""")]
    [InlineData("""{"idempotencyToken":"4f1c2a9e-8b7d-4e21-9c3a-6d5e4f3a2b1c"}""")]
    [InlineData("""{"progressToken":"p-123456"}""")]
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

    [Fact]
    public void A_long_field_name_over_many_strings_is_walked_in_linear_time()
    {
        // Each string is judged by its field's name: the name is read back a bounded length, not whole for every item.
        string structured = "{\"" + new string('_', 1 << 20) + "password\":[" + string.Join(',', Enumerable.Repeat("\"abcdefgh\"", 10_000)) + "]}";
        Run(Create(), "{\"x\":\"warm-up-value\"}");

        var watch = Stopwatch.StartNew();
        string masked = Run(Create(), structured);

        Assert.True(watch.Elapsed < DetectorHarness.AdversarialBound, $"{watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(10_000, Assert.Single(_reports).Count);
        Assert.DoesNotContain("abcdefgh", masked, StringComparison.Ordinal);
    }
}
