using System.Globalization;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// The cgroup hierarchy the sandboxes are confined in, found once: v1 when its memory and pids hierarchies are
/// writable, else v2 when memory and pids can be enabled for Airlock's parent group, else none. Every invocation gets
/// its own group under an <c>airlock</c> parent, so that a memory or process limit applies to exactly one sandbox.
/// </summary>
internal sealed class CgroupHierarchy
{
    private const string ParentName = "airlock";
    private static long s_groupCounter;

    private readonly string[] _parents;

    private CgroupHierarchy(CgroupVersion version, string[] parents, bool hasSwapLimit)
    {
        Version = version;
        _parents = parents;
        HasSwapLimit = hasSwapLimit;
    }

    /// <summary>Gets a hierarchy that creates no groups.</summary>
    public static CgroupHierarchy Unavailable { get; } = new(CgroupVersion.None, [], hasSwapLimit: false);

    public CgroupVersion Version { get; }

    /// <summary>Gets whether swap is limited too (v1 <c>memory.memsw.*</c>, v2 <c>memory.swap.max</c>).</summary>
    public bool HasSwapLimit { get; }

    /// <summary>Gets a description of the layer for the start-up log.</summary>
    public string Description => Version switch
    {
        CgroupVersion.V1 => HasSwapLimit ? "cgroup v1 (memory with swap, pids)" : "cgroup v1 (memory, pids)",
        CgroupVersion.V2 => "cgroup v2 (memory, pids)",
        _ => "no cgroup (memory and process limits rely on the GC heap limit and rlimits only)",
    };

    /// <summary>Finds the usable hierarchy under <paramref name="root"/>; never throws.</summary>
    public static CgroupHierarchy Detect(string root = "/sys/fs/cgroup")
    {
        CgroupHierarchy hierarchy = TryVersion1(root) ?? TryVersion2(root) ?? Unavailable;
        hierarchy.RemoveOrphans();
        return hierarchy;
    }

    /// <summary>
    /// Removes the groups of servers that are gone (a crash, a killed test host): each group is named after the process
    /// that made it, so a group whose process no longer exists is nobody's. Its processes, if any are left, are killed.
    /// </summary>
    public void RemoveOrphans()
    {
        foreach (string parent in _parents)
        {
            IEnumerable<string> groups;
            try
            {
                groups = Directory.EnumerateDirectories(parent).ToList();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string group in groups)
            {
                string name = Path.GetFileName(group);
                int dash = name.IndexOf('-', StringComparison.Ordinal);
                if (dash > 0
                    && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int owner)
                    && owner != Environment.ProcessId
                    && !Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{owner}")))
                {
                    var orphan = new CgroupGroup(Version, [group]);
                    orphan.KillMembers();
                    TryRemove(group);
                }
            }
        }
    }

    /// <summary>
    /// Creates the group of one sandbox with its limits set. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when the hierarchy refuses; the caller then fails the invocation
    /// rather than running it without the backstop it announced.
    /// </summary>
    public CgroupGroup? CreateGroup(long memoryBytes, int maxProcesses)
    {
        if (Version == CgroupVersion.None)
        {
            return null;
        }

        string name = string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessId}-{Interlocked.Increment(ref s_groupCounter)}");
        var directories = new List<string>(_parents.Length);
        try
        {
            foreach (string parent in _parents)
            {
                string directory = Path.Combine(parent, name);
                Directory.CreateDirectory(directory);
                directories.Add(directory);
            }

            string memory = Number(memoryBytes);
            if (Version == CgroupVersion.V1)
            {
                // The limit must be set before memsw, which may never be below it.
                File.WriteAllText(Path.Combine(directories[0], "memory.limit_in_bytes"), memory);
                if (HasSwapLimit)
                {
                    File.WriteAllText(Path.Combine(directories[0], "memory.memsw.limit_in_bytes"), memory);
                }

                File.WriteAllText(Path.Combine(directories[1], "pids.max"), Number(maxProcesses));
            }
            else
            {
                File.WriteAllText(Path.Combine(directories[0], "memory.max"), memory);
                if (HasSwapLimit)
                {
                    File.WriteAllText(Path.Combine(directories[0], "memory.swap.max"), "0");
                }

                File.WriteAllText(Path.Combine(directories[0], "pids.max"), Number(maxProcesses));
            }

            return new CgroupGroup(Version, [.. directories]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            foreach (string directory in directories)
            {
                TryRemove(directory);
            }

            throw;
        }
    }

    private static CgroupHierarchy? TryVersion1(string root)
    {
        string memory = Path.Combine(root, "memory");
        string pids = Path.Combine(root, "pids");
        if (!File.Exists(Path.Combine(memory, "memory.limit_in_bytes")) || !File.Exists(Path.Combine(pids, "cgroup.procs")))
        {
            return null;
        }

        string memoryParent = Path.Combine(memory, ParentName);
        string pidsParent = Path.Combine(pids, ParentName);
        if (!TryCreateParent(memoryParent) || !TryCreateParent(pidsParent)
            || !File.Exists(Path.Combine(pidsParent, "pids.max")))
        {
            return null;
        }

        bool swap = File.Exists(Path.Combine(memoryParent, "memory.memsw.limit_in_bytes"));
        return new CgroupHierarchy(CgroupVersion.V1, [memoryParent, pidsParent], swap);
    }

    private static CgroupHierarchy? TryVersion2(string root)
    {
        // A pure v2 host mounts the unified hierarchy at the root; a hybrid one under "unified".
        string? unified = File.Exists(Path.Combine(root, "cgroup.controllers")) ? root
            : File.Exists(Path.Combine(root, "unified", "cgroup.controllers")) ? Path.Combine(root, "unified")
            : null;
        if (unified is null || !HasControllers(Path.Combine(unified, "cgroup.controllers")))
        {
            return null;
        }

        string parent = Path.Combine(unified, ParentName);
        try
        {
            if (!HasControllers(Path.Combine(unified, "cgroup.subtree_control")))
            {
                File.WriteAllText(Path.Combine(unified, "cgroup.subtree_control"), "+memory +pids");
            }

            if (!TryCreateParent(parent))
            {
                return null;
            }

            if (!HasControllers(Path.Combine(parent, "cgroup.subtree_control")))
            {
                File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+memory +pids");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The parent's own files show what its children will have; probe one child to be sure.
        string probe = Path.Combine(parent, string.Create(CultureInfo.InvariantCulture, $"probe-{Environment.ProcessId}"));
        try
        {
            Directory.CreateDirectory(probe);
            bool usable = File.Exists(Path.Combine(probe, "memory.max")) && File.Exists(Path.Combine(probe, "pids.max"));
            bool swap = File.Exists(Path.Combine(probe, "memory.swap.max"));
            return usable ? new CgroupHierarchy(CgroupVersion.V2, [parent], swap) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            TryRemove(probe);
        }
    }

    private static bool HasControllers(string file)
    {
        try
        {
            string[] controllers = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return controllers.Contains("memory", StringComparer.Ordinal) && controllers.Contains("pids", StringComparer.Ordinal);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryCreateParent(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return File.Exists(Path.Combine(directory, "cgroup.procs"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryRemove(string directory)
    {
        try
        {
            // rmdir, which is how a cgroup is removed: its control files go with it.
            Directory.Delete(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Busy or already gone; nothing else can be done from here.
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
