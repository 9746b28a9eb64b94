using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class BearerTokenDetectorFindsAuthorizationCredentials
{
    private static readonly BearerTokenDetector Detector = new();

    [Theory]
    [InlineData("Authorization: Bearer abcdef123456", "abcdef123456")]
    [InlineData("authorization: bearer abc.def-ghi_jkl~mno\r\nHost: x", "abc.def-ghi_jkl~mno")]
    [InlineData("curl -H \"Authorization: Bearer {40}\" https://api", "{40}")]
    [InlineData("{\"Authorization\": \"Bearer abcdefgh+/=\"}", "abcdefgh+/=")]
    [InlineData("Proxy-Authorization: Bearer abcdefghij", "abcdefghij")]
    [InlineData("AUTHORIZATION=BEARER  {12}", "{12}")]
    [InlineData("headers = {'authorization': 'Bearer {32}'}", "{32}")]
    [InlineData("Authorization:\tBearer\t{16}", "{16}")]
    public void Bearer_tokens_are_found_without_the_scheme(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.BearerToken);

    [Theory]
    [InlineData("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==")]
    [InlineData("authorization: basic {16}\n", "{16}")]
    public void Basic_credentials_are_found_as_passwords(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.Password);

    [Theory]
    [InlineData("Bearer abcdefghij")]
    [InlineData("Authorization: Bearer short")]
    [InlineData("Authorization:\nBearer abcdefghijkl")]
    [InlineData("Authorization: Bearerabcdefghij")]
    [InlineData("Authorization: xBearer abcdefghij")]
    [InlineData("Authorization: Digest username=\"bob\", response=\"abcdef\"")]
    [InlineData("the authorization of a bearer bond")]
    [InlineData("Authorization: Bearer")]
    [InlineData("Authorization: Bearer \"quoted\"")]
    [InlineData("authorisation: Bearer abcdefghij")]
    [InlineData("Organization: Bearer abcdefghij")]
    public void Look_alikes_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void The_scheme_may_come_far_after_the_name_on_the_same_line()
    {
        var findings = Scan(Detector, "{\"name\": \"Authorization\", \"value\": \"Bearer abcdefghij\"}");

        Assert.Equal("abcdefghij", Assert.Single(findings).Value);
    }

    [Theory]
    [InlineData("authorization ")]
    [InlineData("authorization b")]
    [InlineData("authorization bearer ;")]
    [InlineData("z")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }
}
