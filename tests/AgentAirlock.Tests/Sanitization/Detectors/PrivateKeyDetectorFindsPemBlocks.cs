using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class PrivateKeyDetectorFindsPemBlocks
{
    private const string Rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIB{60}\n{60}\n{20}==\n-----END RSA PRIVATE KEY-----";

    private static readonly PrivateKeyDetector Detector = new();

    [Theory]
    [InlineData(Rsa, Rsa)]
    [InlineData("key:\n" + Rsa + "\nafter", Rsa)]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\r\nMHcC{40}\r\n-----END EC PRIVATE KEY-----\r\n", "-----BEGIN EC PRIVATE KEY-----\r\nMHcC{40}\r\n-----END EC PRIVATE KEY-----")]
    [InlineData("-----BEGIN DSA PRIVATE KEY-----\n{64}\n-----END DSA PRIVATE KEY-----", "-----BEGIN DSA PRIVATE KEY-----\n{64}\n-----END DSA PRIVATE KEY-----")]
    [InlineData("x -----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn{64}\n-----END OPENSSH PRIVATE KEY----- y", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn{64}\n-----END OPENSSH PRIVATE KEY-----")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF{64}\n-----END ENCRYPTED PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF{64}\n-----END ENCRYPTED PRIVATE KEY-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIE{64}\n-----END PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----\nMIIE{64}\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQ{64}\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----\n", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQ{64}\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----")]
    // Line breaks left as two-character "\n" escapes (JSON-escaped text) change nothing.
    [InlineData("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE{64}\\n{30}=\\n-----END PRIVATE KEY-----\\n\"}", "-----BEGIN PRIVATE KEY-----\\nMIIE{64}\\n{30}=\\n-----END PRIVATE KEY-----")]
    // Without an END line, the rest of the text is the key.
    [InlineData("cut: -----BEGIN RSA PRIVATE KEY-----\nMIIB{60}\n{30}", "-----BEGIN RSA PRIVATE KEY-----\nMIIB{60}\n{30}")]
    // A footer without its closing dashes ends at the end of its line.
    [InlineData("-----BEGIN PRIVATE KEY-----\n{64}\n-----END PRIVATE KEY\nnext", "-----BEGIN PRIVATE KEY-----\n{64}\n-----END PRIVATE KEY")]
    public void Blocks_are_found_whole_with_their_body(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.PrivateKey);

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIID{64}\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIB{64}\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN PGP PUBLIC KEY BLOCK-----\n{64}\n-----END PGP PUBLIC KEY BLOCK-----")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEYS ARE SECRET")]
    [InlineData("BEGIN RSA PRIVATE KEY\n{64}\nEND RSA PRIVATE KEY")]
    [InlineData("a private key is never pasted here")]
    public void Other_blocks_and_prose_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void A_certificate_next_to_a_key_is_left_alone()
    {
        string certificate = "-----BEGIN CERTIFICATE-----\nMIID{64}\n-----END CERTIFICATE-----\n";

        var findings = Scan(Detector, Expand(certificate + Rsa + "\n" + certificate));

        Assert.Equal([Expand(Rsa)], findings.Select(f => f.Value));
    }

    [Fact]
    public void Two_keys_are_found_separately()
    {
        var findings = Scan(Detector, Expand(Rsa + "\n\n" + Rsa));

        Assert.Equal([Expand(Rsa), Expand(Rsa)], findings.Select(f => f.Value));
    }

    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY-----", 1)]
    [InlineData("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n", 19418)]
    [InlineData("-----BEGIN CERTIFICATE-----", 0)]
    [InlineData("-----BEGIN ", 0)]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit, int expected)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        Assert.Equal(expected, findings.Count);
        if (expected == 1)
        {
            Assert.Equal((0, 1 << 20), (findings[0].Start, findings[0].Length));
        }

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
    }
}
