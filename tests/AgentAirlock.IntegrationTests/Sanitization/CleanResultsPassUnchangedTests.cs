using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Sanitization;

/// <summary>A result with nothing sensitive in it leaves byte for byte as the tool's server wrote it.</summary>
public sealed class CleanResultsPassUnchangedTests(LeakyToolsServers servers) : IClassFixture<LeakyToolsServers>
{
    [Theory]
    [InlineData("plain words, nothing secret")]
    [InlineData("quotes \\\" and escapes \\n\\t and unicode caf\\u00e9 \\ud83d\\ude00 and <html> & 'single'")]
    [InlineData("version 1.2.3, order 12345, 2026-11-23, port 8080, 3.14159")]
    public async Task A_clean_result_is_byte_for_byte_the_same_with_and_without_the_sanitizer(string escapedText)
    {
        string id = McpHttp.NewId();
        string arguments = "{\"text\":\"" + escapedText + "\"}";

        McpAnswer sanitized = await servers.Defaults.Client.SendMcpAsync(McpHttp.ToolCall(id, "leak_text", arguments));
        McpAnswer untouched = await servers.Off.Client.SendMcpAsync(McpHttp.ToolCall(id, "leak_text", arguments));

        Assert.Equal(untouched.Body, sanitized.Body);
        Assert.Equal(untouched.MediaType, sanitized.MediaType);
    }
}
