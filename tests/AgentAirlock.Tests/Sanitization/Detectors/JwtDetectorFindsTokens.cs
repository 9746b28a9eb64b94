using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class JwtDetectorFindsTokens
{
    // {"alg":"HS256","typ":"JWT"}
    private const string Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    // {"sub":"1234567890","name":"Test User","iat":1516239022}
    private const string Payload = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IlRlc3QgVXNlciIsImlhdCI6MTUxNjIzOTAyMn0";

    private const string Signature = "FAKEsignatureFAKEsignature_FAKE-sig0123";

    private const string Token = Header + "." + Payload + "." + Signature;

    private static readonly JwtDetector Detector = new();

    [Theory]
    [InlineData(Token, Token)]
    [InlineData("Authorization: Bearer " + Token + "\n", Token)]
    [InlineData("{\"id_token\":\"" + Token + "\"}", Token)]
    [InlineData("token=" + Token + "&next=1", Token)]
    [InlineData("jwt " + Token + ". Next sentence.", Token)]
    // {"alg":"none"} with an empty signature: the second dot is kept.
    [InlineData("unsigned eyJhbGciOiJub25lIn0." + Payload + ". end", "eyJhbGciOiJub25lIn0." + Payload + ".")]
    // A payload with arrays, numbers, literals and escapes: {"a":[1,2.5e3,true,null,"\u00e9"]}
    [InlineData(Header + ".eyJhIjpbMSwyLjVlMyx0cnVlLG51bGwsIlx1MDBlOSJdfQ." + Signature, Header + ".eyJhIjpbMSwyLjVlMyx0cnVlLG51bGwsIlx1MDBlOSJdfQ." + Signature)]
    // Further dotted segments belong to the same token.
    [InlineData(Token + ".extra", Token + ".extra")]
    public void Tokens_whose_header_and_payload_decode_to_json_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.Jwt);

    [Theory]
    // {"typ":"JWT"}: no alg.
    [InlineData("eyJ0eXAiOiJKV1QifQ." + Payload + "." + Signature)]
    // {"alg":"HS256" without its closing brace.
    [InlineData("eyJhbGciOiJIUzI1NiI." + Payload + "." + Signature)]
    // {"x":{"alg":"HS256"}}: alg is not a header property.
    [InlineData("eyJ4Ijp7ImFsZyI6IkhTMjU2In19." + Payload + "." + Signature)]
    // {"alg":1}: alg is not a string.
    [InlineData("eyJhbGciOjF9." + Payload + "." + Signature)]
    // The payload is not JSON ("not json at all"), or has a trailing comma ({"sub":1,}).
    [InlineData(Header + ".bm90IGpzb24gYXQgYWxs." + Signature)]
    [InlineData(Header + ".eyJzdWIiOjEsfQ." + Signature)]
    // The header is not base64url-decodable JSON.
    [InlineData("eyJnotbase64json." + Payload + "." + Signature)]
    [InlineData("eyJ." + Payload + "." + Signature)]
    // No second dot.
    [InlineData(Header + "." + Payload)]
    [InlineData(Header + "." + Payload + " and more")]
    // Part of a longer token.
    [InlineData("x" + Token)]
    [InlineData("-" + Token)]
    [InlineData("eyJ alone, eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 alone")]
    public void Look_alikes_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void Adjacent_tokens_are_found_separately()
    {
        var findings = Scan(Detector, Token + " " + Token + "\n" + Token);

        Assert.Equal([Token, Token, Token], findings.Select(f => f.Value));
    }

    [Fact]
    public void A_long_payload_is_decoded_through_a_pooled_buffer()
    {
        string payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"data\":\"" + new string('x', 10_000) + "\"}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string token = Header + "." + payload + "." + Signature;

        AssertFinds(Detector, "t " + token + " t", token, SensitiveDataType.Jwt);
    }

    [Theory]
    [InlineData("eyJ.")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJ.")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJhbGciOiJub25lIn0")]
    [InlineData("eyJ")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }
}
