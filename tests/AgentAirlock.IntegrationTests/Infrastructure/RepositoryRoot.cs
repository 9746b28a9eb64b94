using System.Reflection;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>The repository root: the folder holding AgentAirlock.sln (and the reference appsettings.json).</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string AppSettingsPath => System.IO.Path.Combine(Path, "appsettings.json");

    private static string Find()
    {
        string? recorded = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        foreach (string? start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), recorded })
        {
            for (DirectoryInfo? directory = start is null ? null : new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "AgentAirlock.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("AgentAirlock.sln was not found above " + AppContext.BaseDirectory + " nor at " + recorded);
    }
}
