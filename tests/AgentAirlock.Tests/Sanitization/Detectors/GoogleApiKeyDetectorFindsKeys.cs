using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class GoogleApiKeyDetectorFindsKeys
{
    private static readonly GoogleApiKeyDetector Detector = new();

    [Theory]
    [InlineData("AIza{35}", "AIza{35}")]
    [InlineData("key=AIzaSy{10}-{10}_{11}&q=1", "AIzaSy{10}-{10}_{11}")]
    [InlineData("\"apiKey\": \"AIza{35*_}\"", "AIza{35*_}")]
    [InlineData("maps?key=AIza{35*-}", "AIza{35*-}")]
    [InlineData("AIza{35}.", "AIza{35}")]
    public void Keys_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.GoogleApiKey);

    [Theory]
    [InlineData("AIza{34}")]
    [InlineData("AIza{36}")]
    [InlineData("xAIza{35}")]
    [InlineData("-AIza{35}")]
    [InlineData("AIZA{35}")]
    [InlineData("AIza{35}-")]
    [InlineData("AIza")]
    public void Look_alikes_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly()
    {
        var (findings, elapsed) = ScanRepeated(Detector, "AIza");

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }
}
