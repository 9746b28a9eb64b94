using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// The cgroup (one directory per hierarchy) of one sandbox. The sandbox joins it before it execs anything, reads
/// its OOM count when it ends, and the group is emptied and removed after that.
/// </summary>
internal sealed class CgroupGroup
{
    private const string ShellPath = "/bin/sh";
    private readonly CgroupVersion _version;
    private readonly string[] _directories;

    public CgroupGroup(CgroupVersion version, string[] directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        _version = version;
        _directories = directories;
    }

    /// <summary>
    /// Wraps <paramref name="command"/> in a shell that moves itself into every directory of the group and then execs
    /// the command, so that not one instruction of the sandbox runs outside the limits. The group paths are passed as
    /// positional arguments, never spliced into the script, and the script is a constant per group count.
    /// </summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var script = new StringBuilder();
        for (int index = 1; index <= _directories.Length; index++)
        {
            script.Append(CultureInfo.InvariantCulture, $"echo $$ > \"${index}\" && ");
        }

        script.Append(CultureInfo.InvariantCulture, $"shift {_directories.Length} && exec \"$@\"");
        var wrapped = new List<string>(command.Count + _directories.Length + 4) { ShellPath, "-c", script.ToString(), "sh" };
        foreach (string directory in _directories)
        {
            wrapped.Add(Path.Combine(directory, "cgroup.procs"));
        }

        wrapped.AddRange(command);
        return wrapped;
    }

    /// <summary>Gets whether the kernel's OOM killer killed a process of this group.</summary>
    public bool WasOutOfMemoryKilled()
    {
        // v1: memory.oom_control has "oom_kill N"; v2: memory.events has "oom_kill N". Both hold the memory controller
        // in the first directory.
        string file = Path.Combine(_directories[0], _version == CgroupVersion.V1 ? "memory.oom_control" : "memory.events");
        try
        {
            foreach (string line in File.ReadLines(file))
            {
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan("oom_kill ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out long kills))
                {
                    return kills > 0;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // No count to read: not classified as OOM.
        }

        return false;
    }

    /// <summary>
    /// Kills whatever is still in the group, then removes it; retries while the kernel still tears down. The waits are
    /// real time whatever clock the server runs on: a test's frozen clock must not leave a group (and a call) hanging.
    /// </summary>
    public async Task RemoveAsync()
    {
        // The kernel usually needs a moment after the last process died before the group can go: start with short waits.
        for (int attempt = 0; attempt < 60; attempt++)
        {
            KillMembers();
            bool removedAll = true;
            foreach (string directory in _directories)
            {
                removedAll &= TryRemove(directory);
            }

            if (removedAll)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, 1 << Math.Min(attempt, 5)))).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the host process ids currently in the group.</summary>
    public IReadOnlyList<int> Members()
    {
        var members = new List<int>();
        foreach (string directory in _directories)
        {
            string file = Path.Combine(directory, "cgroup.procs");
            try
            {
                foreach (string line in File.ReadLines(file))
                {
                    if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !members.Contains(pid))
                    {
                        members.Add(pid);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Already removed.
            }
        }

        return members;
    }

    /// <summary>Kills every process in the group: the last guarantee that nothing of a sandbox outlives it.</summary>
    public void KillMembers()
    {
        foreach (int pid in Members())
        {
            try
            {
                using Process process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited meanwhile.
            }
        }
    }

    private static bool TryRemove(string directory)
    {
        try
        {
            Directory.Delete(directory);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
