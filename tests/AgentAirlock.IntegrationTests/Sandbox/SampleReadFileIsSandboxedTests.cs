using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sandbox;

[Collection(SandboxTestGroup.Name)]
public sealed class SampleReadFileIsSandboxedTests : IClassFixture<SampleFactory>
{
    private readonly SampleFactory _sample;

    public SampleReadFileIsSandboxedTests(SampleFactory sample, SandboxServers servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _sample = sample;
    }

    [Fact]
    public async Task It_serves_a_file_of_the_data_folder()
    {
        await using McpClient client = await _sample.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "welcome.txt" });

        string expected = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "samples", "AirlockSample", "data", "welcome.txt"));
        Assert.Equal(expected, SandboxAnswers.Text(result));
    }

    [Theory]
    [InlineData("../../etc/shadow")]
    [InlineData("../appsettings.json")]
    [InlineData("../../../../../../appsettings.json")]
    public async Task A_path_out_of_the_data_folder_finds_nothing_of_the_host(string path)
    {
        await using McpClient client = await _sample.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = path });

        Assert.True(result.IsError);
        string text = result.Content.OfType<TextContentBlock>().First().Text;
        Assert.StartsWith("AIRLOCK_BLOCK:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sha256", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
    }
}
