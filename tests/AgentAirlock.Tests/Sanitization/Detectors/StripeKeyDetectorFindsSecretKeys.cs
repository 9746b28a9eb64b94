using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class StripeKeyDetectorFindsSecretKeys
{
    private static readonly StripeKeyDetector Detector = new();

    [Theory]
    [InlineData("sk_live_{24}", "sk_live_{24}")]
    [InlineData("STRIPE_KEY=sk_test_{16}\n", "sk_test_{16}")]
    [InlineData("\"rk_live_{30}\"", "rk_live_{30}")]
    [InlineData("key: rk_test_{99}.", "rk_test_{99}")]
    [InlineData("(sk_live_{99})", "sk_live_{99}")]
    public void Secret_and_restricted_keys_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.StripeKey);

    [Theory]
    [InlineData("pk_live_{24}")]
    [InlineData("pk_test_{24}")]
    [InlineData("sk_live_{15}")]
    [InlineData("task_live_{24}")]
    [InlineData("sk_prod_{24}")]
    [InlineData("sk_live_{24}_suffix")]
    [InlineData("sk_live_")]
    [InlineData("a desk_lamp and a risk_test")]
    public void Look_alikes_and_publishable_keys_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Theory]
    [InlineData("sk_live_")]
    [InlineData("k_")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }
}
