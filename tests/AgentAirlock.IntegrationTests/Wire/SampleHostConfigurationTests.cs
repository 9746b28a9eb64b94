using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentAirlock.IntegrationTests.Wire;

/// <summary>The sample under test runs on the repository's reference configuration, the root appsettings.json.</summary>
public sealed class SampleHostConfigurationTests(DefaultSampleFactory factory) : IClassFixture<DefaultSampleFactory>
{
    [Fact]
    public void The_sample_reads_the_root_appsettings_json()
    {
        using JsonDocument root = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.AppSettingsPath),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        IConfiguration configuration = factory.Services.GetRequiredService<IConfiguration>();
        IHostEnvironment environment = factory.Services.GetRequiredService<IHostEnvironment>();

        Assert.Equal(Path.GetFullPath(RepositoryRoot.Path).TrimEnd('/'), Path.GetFullPath(environment.ContentRootPath).TrimEnd('/'));
        JsonElement airlock = root.RootElement.GetProperty("Airlock");
        Assert.Equal(airlock.GetProperty("Validation").GetProperty("UnknownArguments").GetString(), configuration["Airlock:Validation:UnknownArguments"]);
        Assert.Equal(airlock.GetProperty("Envelope").GetProperty("MaxDepth").GetRawText(), configuration["Airlock:Envelope:MaxDepth"]);
        Assert.Equal("Strip", configuration["Airlock:Validation:PerTool:search_documents:UnknownArguments"]);
    }
}
