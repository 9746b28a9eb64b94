namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>One staged copy of a sandbox's file set: its directory and the files it must hold.</summary>
internal sealed class StagedSet
{
    private readonly IReadOnlyList<string> _relativePaths;

    public StagedSet(string directory, IReadOnlyList<string> relativePaths)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(relativePaths);
        Directory = directory;
        _relativePaths = relativePaths;
    }

    /// <summary>Gets the directory that is bound into the sandbox.</summary>
    public string Directory { get; }

    /// <summary>Whether every file is still there (a temporary-file cleaner may have removed some).</summary>
    public bool IsIntact()
    {
        foreach (string relative in _relativePaths)
        {
            if (!File.Exists(Path.Combine(Directory, relative)))
            {
                return false;
            }
        }

        return true;
    }
}
