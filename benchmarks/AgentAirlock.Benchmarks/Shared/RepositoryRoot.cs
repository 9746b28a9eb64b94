namespace AgentAirlock.Benchmarks.Shared;

/// <summary>Finds the repository root, whose appsettings.json is the sample's configuration.</summary>
internal static class RepositoryRoot
{
    private const string Marker = "AgentAirlock.sln";

    /// <summary>The explicit path, else the first directory holding the solution above the working directory or the program.</summary>
    public static string Find(string? explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, Marker)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root ({Marker}) above '{Directory.GetCurrentDirectory()}'; run from the repository or pass --repo-root.");
    }
}
