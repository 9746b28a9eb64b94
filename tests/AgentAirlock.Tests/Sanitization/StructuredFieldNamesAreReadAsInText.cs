using System.Diagnostics;
using AgentAirlock.Audit;
using AgentAirlock.Sanitization;
using AgentAirlock.Tests.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// What a detector finds in text by the name written before a value is found in structured content by the name of the
/// field that holds the string: nine bare digits under an SSN's name, the credentials of an <c>Authorization</c> header,
/// an AWS secret key under a name that holds <c>secret_access_key</c>, and a PEM key stored as an array of lines.
/// </summary>
public sealed class StructuredFieldNamesAreReadAsInText
{
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private readonly List<IReadOnlyList<Redaction>> _reports = [];

    private ResultSanitizer Create(IEnumerable<SensitiveDataType>? disabled = null, FieldRules? fields = null) =>
        StructuredContentHarness.Create(_reports, disabled, fields);

    private static string Run(ResultSanitizer sanitizer, string structured) => StructuredContentHarness.Run(sanitizer, structured);

    private string[] ReportedTypes() => [.. Assert.Single(_reports).Select(r => r.Type)];

    [Theory]
    [InlineData("""{"ssn":"123456789"}""")]
    [InlineData("""{"customer_ssn":"123456789"}""")]
    [InlineData("""{"customerSsn":"123456789"}""")]
    [InlineData("""{"socialSecurityNumber":"123456789"}""")]
    [InlineData("""{"social_security_number":"123456789"}""")]
    [InlineData("""{"SSN":["123456789","219099999"]}""")]
    public void Nine_bare_digits_under_an_ssn_name_are_masked(string structured)
    {
        string masked = Run(Create(), structured);

        Assert.DoesNotContain("123456789", masked, StringComparison.Ordinal);
        Assert.All(ReportedTypes(), t => Assert.Equal("SSN", t));
    }

    [Theory]
    [InlineData("""{"ssn":"666123456"}""")]
    [InlineData("""{"ssn":"12345678"}""")]
    [InlineData("""{"ssn":"1234567890"}""")]
    [InlineData("""{"classname":"123456789"}""")]
    [InlineData("""{"order":"123456789"}""")]
    [InlineData("""{"ssnVerified":"yes"}""")]
    public void Other_digits_and_names_stay_as_they_are(string structured)
    {
        Assert.Equal(structured, Run(Create(), structured));
        Assert.Empty(_reports);
    }

    [Theory]
    [InlineData("""{"Authorization":"Bearer abcDEF123456789"}""", "abcDEF123456789", "BEARER_TOKEN")]
    [InlineData("""{"headers":{"authorization":"Basic dXNlcjpwYXNzd29yZA=="}}""", "dXNlcjpwYXNzd29yZA==", "PASSWORD")]
    [InlineData("""{"Proxy-Authorization":"  bearer abcDEF123456789  "}""", "abcDEF123456789", "BEARER_TOKEN")]
    [InlineData("""{"proxy_authorization":"Bearer abcDEF123456789"}""", "abcDEF123456789", "BEARER_TOKEN")]
    [InlineData("""{"Authorization":"Bearer abcDEF123456789\r\n"}""", "abcDEF123456789", "BEARER_TOKEN")]
    [InlineData("""{"HTTP_AUTHORIZATION":"Bearer abcDEF123456789"}""", "abcDEF123456789", "BEARER_TOKEN")]
    [InlineData("""{"X-Authorization":"Bearer abcDEF123456789"}""", "abcDEF123456789", "BEARER_TOKEN")]
    [InlineData("""{"authorizationHeader":"Basic dXNlcjpwYXNzd29yZA=="}""", "dXNlcjpwYXNzd29yZA==", "PASSWORD")]
    [InlineData("""{"Authorization":"Bearer supersecretpassword"}""", "supersecretpassword", "BEARER_TOKEN")]
    [InlineData("""{"Authorization":"Bearer MY_SUPER_SECRET_TOKEN"}""", "MY_SUPER_SECRET_TOKEN", "BEARER_TOKEN")]
    public void The_credentials_of_an_authorization_header_are_masked(string structured, string credential, string type)
    {
        string masked = Run(Create(), structured);

        Assert.DoesNotContain(credential, masked, StringComparison.Ordinal);
        Assert.Equal([type], ReportedTypes());
    }

    [Theory]
    [InlineData("""{"prior_authorization":"Basic coverage applies"}""")]
    [InlineData("""{"authorization":"Basic coverage applies to this plan"}""")]
    [InlineData("""{"authorization":"Bearer short"}""")]
    [InlineData("""{"authorization":"approved by the bearer of this card"}""")]
    [InlineData("""{"authorizationStatus":"Bearer abcDEF123456789"}""")]
    [InlineData("""{"reauthorization":"Bearer abcDEF123456789"}""")]
    [InlineData("""{"Authorization":"Bearer YOUR_API_KEY"}""")]
    [InlineData("""{"Authorization":"Bearer xxxxxxxxxxxx"}""")]
    [InlineData("""{"Authorization":"Basic authentication"}""")]
    [InlineData("""{"Authorization":"Bearer REPLACE_WITH_TOKEN"}""")]
    public void Other_authorization_values_and_names_stay_as_they_are(string structured)
    {
        Assert.Equal(structured, Run(Create(), structured));
        Assert.Empty(_reports);
    }

    [Theory]
    [InlineData("aws_secret_access_key_id")]
    [InlineData("AwsSecretAccessKeyValue")]
    public void An_aws_secret_key_under_a_longer_name_is_masked_with_its_type(string name)
    {
        string masked = Run(Create(), $$"""{"{{name}}":"{{AwsSecret}}"}""");

        Assert.DoesNotContain(AwsSecret, masked, StringComparison.Ordinal);
        Assert.Equal(["AWS_SECRET_ACCESS_KEY"], ReportedTypes());
    }

    [Fact]
    public void A_private_key_stored_as_lines_is_masked_through_its_end_line()
    {
        string structured = """
            {"key":["-----BEGIN RSA PRIVATE KEY-----","MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo","","4V4cTUsDaM+2AcYvbHbAjB8","-----END RSA PRIVATE KEY-----","kept"]}
            """;

        string masked = Run(Create(), structured);

        Assert.DoesNotContain("MIIE", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("4V4c", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("END RSA", masked, StringComparison.Ordinal);
        Assert.EndsWith("\"kept\"]}", masked, StringComparison.Ordinal);
        Assert.Equal(["PRIVATE_KEY", "PRIVATE_KEY", "PRIVATE_KEY", "PRIVATE_KEY"], ReportedTypes());
        Assert.Equal(["structuredContent.key[0]", "structuredContent.key[1]", "structuredContent.key[3]", "structuredContent.key[4]"],
            Assert.Single(_reports).Select(r => r.Location));
    }

    [Fact]
    public void A_digest_under_a_secret_key_name_stays_as_it_is()
    {
        string structured = """{"secretAccessKeyHash":"da39a3ee5e6b4b0d3255bfef95601890afd80709"}""";

        Assert.Equal(structured, Run(Create(), structured));
    }

    [Fact]
    public void A_second_key_begun_in_the_line_that_ends_the_first_is_masked_too()
    {
        string masked = Run(Create(), """{"k":["-----BEGIN PRIVATE KEY-----","AAAAbody1","-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----","BBBBbody2","-----END PRIVATE KEY-----","kept"]}""");

        Assert.DoesNotContain("body", masked, StringComparison.Ordinal);
        Assert.Contains("kept", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_the_operator_allows_does_not_end_a_key()
    {
        string masked = Run(
            Create(fields: new FieldRules(["$.k[1]"], [])),
            """{"k":["-----BEGIN RSA PRIVATE KEY-----","Proc-Type: 4,ENCRYPTED","AAAAbody1","-----END RSA PRIVATE KEY-----"]}""");

        Assert.Contains("Proc-Type: 4,ENCRYPTED", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("body1", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_under_a_credential_name_goes_on_whatever_type_its_first_line_takes()
    {
        string masked = Run(Create(), """{"secret":["-----BEGIN RSA PRIVATE KEY-----","MIIEow","Aw==","-----END RSA PRIVATE KEY-----"]}""");

        Assert.DoesNotContain("Aw==", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEow", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_key_without_an_end_line_is_masked_to_the_end_of_its_array()
    {
        string masked = Run(Create(), """{"lines":["-----BEGIN PRIVATE KEY-----","MIIEvQIBADANBgkqhkiG9w0BAQEFAASC","YIIEpAIBAAKCAQEA"],"next":"kept"}""");

        Assert.DoesNotContain("MIIE", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("YIIE", masked, StringComparison.Ordinal);
        Assert.Contains("\"next\":\"kept\"", masked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"lines":["-----BEGIN CERTIFICATE-----","MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq","-----END CERTIFICATE-----"]}""", "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq")]
    [InlineData("""{"lines":["-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----","a later line"]}""", "a later line")]
    [InlineData("""{"lines":["-----BEGIN PRIVATE KEY-----",{"nested":"a later line"}]}""", "a later line")]
    public void Strings_after_a_closed_key_a_certificate_or_another_value_are_scanned_as_usual(string structured, string kept)
    {
        Assert.Contains(kept, Run(Create(), structured), StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_type_is_not_masked_by_its_field_name()
    {
        string structured = """{"ssn":"123456789","authorization":"Bearer abcDEF123456789","key":["-----BEGIN PRIVATE KEY-----","MIIEvQIB"]}""";

        Assert.Equal(structured, Run(Create([SensitiveDataType.Ssn, SensitiveDataType.BearerToken, SensitiveDataType.PrivateKey]), structured));
    }

    [Fact]
    public void A_long_field_name_over_many_header_like_strings_is_walked_in_linear_time()
    {
        string structured = "{\"" + new string('-', 1 << 20) + "authorization\":[" + string.Join(',', Enumerable.Repeat("\"Bearer abcDEF123456789\"", 10_000)) + "]}";
        Run(Create(), "{\"x\":\"warm-up-value\"}");

        var watch = Stopwatch.StartNew();
        string masked = Run(Create(), structured);

        Assert.True(watch.Elapsed < DetectorHarness.AdversarialBound, $"{watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(structured, masked);
    }
}
