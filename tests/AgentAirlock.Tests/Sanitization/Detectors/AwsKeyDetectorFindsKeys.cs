using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class AwsKeyDetectorFindsKeys
{
    private static readonly AwsKeyDetector Detector = new();

    [Theory]
    [InlineData("key AKIAIOSFODNN7EXAMPLE end", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws_access_key_id=ASIA{16*Q}", "ASIA{16*Q}")]
    [InlineData("{\"AccessKeyId\": \"AROA{16*Z}\"}", "AROA{16*Z}")]
    [InlineData("(ABIA234567ABCDEFGH23)", "ABIA234567ABCDEFGH23")]
    [InlineData("ACCA{16*B}.", "ACCA{16*B}")]
    [InlineData("AGPA{16*B}", "AGPA{16*B}")]
    [InlineData("user AIDA{16*C}", "AIDA{16*C}")]
    [InlineData("ANPA{16*D},", "ANPA{16*D}")]
    [InlineData("ANVA{16*E}", "ANVA{16*E}")]
    [InlineData("AIPA{16*F}", "AIPA{16*F}")]
    [InlineData("id:AKIA0000111122223333", "AKIA0000111122223333")]
    public void Access_key_ids_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.AwsAccessKeyId);

    [Theory]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nNEXT=1", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("export AWS_SECRET_ACCESS_KEY='{40*k}'", "{40*k}")]
    [InlineData("{\"SecretAccessKey\": \"{20*a}+/{18*b}\"}", "{20*a}+/{18*b}")]
    [InlineData("{\"secretAccessKey\":\"{40}\"}", "{40}")]
    [InlineData("aws:\n  access_key: AKIA...\n  secret_key: {40}\n", "{40}")]
    [InlineData("[aws]\nsecret_key={40}", "{40}")]
    [InlineData("aws_secret_key: {40}", "{40}")]
    [InlineData("spring.cloud.aws.credentials.secret-key: {40}", "{40}")]
    public void Secret_access_keys_are_found_by_the_name_they_are_assigned_to(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.AwsSecretAccessKey);

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPL")]
    [InlineData("AKIAIOSFODNN7EXAMPLEX")]
    [InlineData("xAKIAIOSFODNN7EXAMPLE")]
    [InlineData("9AKIAIOSFODNN7EXAMPLE")]
    [InlineData("AKIAiosfodnn7example")]
    [InlineData("AXYZIOSFODNN7EXAMPLE")]
    [InlineData("A AKIA AKIAIOSF")]
    [InlineData("Alice And Anna Arrived At Amsterdam")]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("value = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("secret_key: {40}")]
    [InlineData("aws_secret_access_key = {39}")]
    [InlineData("aws_secret_access_key = {41}")]
    [InlineData("aws_secret_access_key = {40}==")]
    [InlineData("aws_secret_access_key = {40}-suffix")]
    [InlineData("api_key = {40}")]
    [InlineData("aws_secret_access_key_sha1 = da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("SecretAccessKeyDigest: DA39A3EE5E6B4B0D3255BFEF95601890AFD80709")]
    public void Look_alikes_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void A_credentials_file_gives_both_keys()
    {
        var findings = Scan(Detector, "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");

        Assert.Equal(
            [("AKIAIOSFODNN7EXAMPLE", SensitiveDataType.AwsAccessKeyId), ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SensitiveDataType.AwsSecretAccessKey)],
            findings.Select(f => (f.Value, f.Type)));
    }

    [Theory]
    [InlineData("AKIA")]
    [InlineData("aws_secret_access_key=")]
    [InlineData("A=")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }
}
