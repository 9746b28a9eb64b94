using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class AiProviderKeyDetectorFindsKeys
{
    private static readonly AiProviderKeyDetector Detector = new();

    [Theory]
    [InlineData("sk-ant-api03-{40}-{10}AA", "sk-ant-api03-{40}-{10}AA")]
    [InlineData("ANTHROPIC_API_KEY=sk-ant-{20}\n", "sk-ant-{20}")]
    [InlineData("\"x-api-key\": \"sk-ant-admin01-{30}_{10}\"", "sk-ant-admin01-{30}_{10}")]
    public void Anthropic_keys_are_found_whole_and_never_as_OpenAI_keys(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.AnthropicKey);

    [Theory]
    [InlineData("sk-proj-{40}", "sk-proj-{40}")]
    [InlineData("OPENAI_API_KEY=sk-proj-{20}-{20}_{20}\n", "sk-proj-{20}-{20}_{20}")]
    [InlineData("key sk-svcacct-{30} end", "sk-svcacct-{30}")]
    [InlineData("sk-admin-{30}", "sk-admin-{30}")]
    [InlineData("(sk-None-{30})", "sk-None-{30}")]
    [InlineData("sk-{48}", "sk-{48}")]
    [InlineData("Bearer sk-{20}T3BlbkFJ{20}.", "sk-{20}T3BlbkFJ{20}")]
    [InlineData("sk-{32}", "sk-{32}")]
    public void OpenAI_keys_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.OpenAIKey);

    [Theory]
    [InlineData("sk-{31}")]
    [InlineData("task-{48}")]
    [InlineData("disk-{48}")]
    [InlineData("sk-ant-{19}")]
    [InlineData("sk-proj-{19}")]
    [InlineData("sk-{40}-suffix")]
    [InlineData("sk-{40}_suffix")]
    [InlineData("sk_{48}")]
    [InlineData("sk-")]
    [InlineData("a risk-free ask-me-anything")]
    public void Look_alikes_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Theory]
    [InlineData("sk-", 0)]
    [InlineData("sk-ant-", 1)]
    [InlineData("sk-a", 0)]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit, int expected)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(expected, findings, elapsed);
    }
}
