using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class SlackDetectorFindsTokensAndWebhooks
{
    private static readonly SlackDetector Detector = new();

    [Theory]
    [InlineData("xoxb-{12}-{12}-{24}", "xoxb-{12}-{12}-{24}")]
    [InlineData("SLACK_TOKEN=xoxp-{10}-{10}-{10}-{32}\n", "xoxp-{10}-{10}-{10}-{32}")]
    [InlineData("\"xoxa-2-{20}\"", "xoxa-2-{20}")]
    [InlineData("token xoxr-{20}.", "xoxr-{20}")]
    [InlineData("xoxs-{10}", "xoxs-{10}")]
    [InlineData("xoxe.xoxp-1-{40}", "xoxe.xoxp-1-{40}")]
    [InlineData("app token: xapp-1-A{10}-{13}-{64}", "xapp-1-A{10}-{13}-{64}")]
    public void Tokens_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.SlackToken);

    [Theory]
    [InlineData("post to https://hooks.slack.com/services/T{8}/B{8}/{24} now", "https://hooks.slack.com/services/T{8}/B{8}/{24}")]
    [InlineData("\"https://hooks.slack.com/workflows/T{8}/A{8}/{9}/{24}\"", "https://hooks.slack.com/workflows/T{8}/A{8}/{9}/{24}")]
    [InlineData("https://hooks.slack.com/triggers/T{8}/{10}/{32}", "https://hooks.slack.com/triggers/T{8}/{10}/{32}")]
    [InlineData("url=hooks.slack.com/services/T{8}/B{8}/{24}&x=1", "hooks.slack.com/services/T{8}/B{8}/{24}")]
    [InlineData("http://hooks.slack.com/services/T1/B2/{24}", "http://hooks.slack.com/services/T1/B2/{24}")]
    public void Webhook_urls_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.SlackWebhook);

    [Theory]
    [InlineData("xoxb-123456789")]
    [InlineData("xoxz-{20}")]
    [InlineData("fooxoxb-{20}")]
    [InlineData("xoxb{20}")]
    [InlineData("xoxb-{20}_suffix")]
    [InlineData("xapp{20}")]
    [InlineData("the xylophone and the box")]
    [InlineData("https://hooks.slack.com/")]
    [InlineData("https://hooks.slack.com/services/")]
    [InlineData("https://hooks.slack.com/other/T1/B2/{24}")]
    [InlineData("https://nothooks.slack.com/services/T1/B2/{24}")]
    [InlineData("https://slack.com/services/T1/B2/{24}")]
    public void Look_alikes_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Theory]
    [InlineData("xoxb-", 1)]
    [InlineData("xoxb", 0)]
    [InlineData("x", 0)]
    [InlineData("hooks.slack.com/", 0)]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit, int expected)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(expected, findings, elapsed);
    }
}
