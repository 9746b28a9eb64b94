using System.Text;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Sanitization;

/// <summary>Text longer than MaxOutputChars is cut, at a line boundary when one is close, with a notice of how much was shown.</summary>
public sealed class LongOutputIsTruncatedTests(LeakyToolsServers servers) : IClassFixture<LeakyToolsServers>
{
    [Fact]
    public async Task A_long_text_is_cut_at_a_line_boundary_with_a_notice()
    {
        var text = new StringBuilder();
        for (int line = 0; line < 100; line++)
        {
            text.Append(line.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Append(' ', 46).Append('\n');
        }

        McpAnswer answer = await ResultsAreMaskedTests.CallAsync(servers.WithRules, "leak_text", JsonSerializer.Serialize(new { text = text.ToString() }));

        string result = Blocks.AssertToolSucceeded(answer);
        Assert.True(result.Length <= 1000, $"{result.Length} characters");
        Assert.Matches(@"\n\n\[OUTPUT TRUNCATED: showing \d{3} of 5,000 characters\]$", result);
        string kept = result[..result.IndexOf("\n\n[OUTPUT TRUNCATED", StringComparison.Ordinal)];
        Assert.EndsWith("\n", kept, StringComparison.Ordinal);
        Assert.Equal(0, kept.Length % 50);
        Assert.StartsWith(text.ToString()[..kept.Length], text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_within_the_limit_is_not_cut()
    {
        string text = new('x', 900);

        McpAnswer answer = await ResultsAreMaskedTests.CallAsync(servers.WithRules, "leak_text", JsonSerializer.Serialize(new { text }));

        Assert.Equal(text, Blocks.AssertToolSucceeded(answer));
    }
}
