using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class GitHubTokenDetectorFindsTokens
{
    private static readonly GitHubTokenDetector Detector = new();

    [Theory]
    [InlineData("ghp_{36}", "ghp_{36}")]
    [InlineData("GITHUB_TOKEN=ghp_{36*a}\n", "ghp_{36*a}")]
    [InlineData("token gho_{36} here", "gho_{36}")]
    [InlineData("\"ghu_{40}\"", "ghu_{40}")]
    [InlineData("ghs_{36}.", "ghs_{36}")]
    [InlineData("(ghr_{255})", "ghr_{255}")]
    [InlineData("Authorization: token ghp_{36}", "ghp_{36}")]
    [InlineData("ghp_{36}-next", "ghp_{36}")]
    [InlineData("pat github_pat_{22}_{59} end", "github_pat_{22}_{59}")]
    [InlineData("github_pat_{60}", "github_pat_{60}")]
    [InlineData("x=github_pat_{50}", "github_pat_{50}")]
    public void Tokens_are_found_whole(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.GitHubToken);

    [Theory]
    [InlineData("ghp_{35}")]
    [InlineData("ghp_{256}")]
    [InlineData("xghp_{36}")]
    [InlineData("ghp_{36}_suffix")]
    [InlineData("ghx_{36}")]
    [InlineData("gh_{36}")]
    [InlineData("ghp-{36}")]
    [InlineData("github_pat_{40}")]
    [InlineData("mygithub_pat_{60}")]
    [InlineData("github_token_{60}")]
    [InlineData("snake_case_names and ghp_ alone")]
    public void Look_alikes_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void Several_tokens_are_all_found()
    {
        var findings = Scan(Detector, Expand("a ghp_{36} b github_pat_{82} c ghs_{36*z}"));

        Assert.Equal([Expand("ghp_{36}"), Expand("github_pat_{82}"), Expand("ghs_{36*z}")], findings.Select(f => f.Value));
    }

    [Theory]
    [InlineData("ghp_", 0)]
    [InlineData("github_pat_", 1)]
    [InlineData("_", 0)]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit, int expected)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(expected, findings, elapsed);
    }
}
