using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// Private copies of exactly the files a sandbox may see (the runner's, a tool's), one directory per file set, so that
/// bwrap binds one directory read-only instead of every file one by one: each bind costs bwrap about 0.4 ms, and a tool
/// in an ASP.NET Core application has dozens of files. A set is named by a hash of its files' paths, sizes and
/// modification times, so a rebuilt tool gets a fresh copy; the copies live in a directory that only this process
/// uses (created by <see cref="Directory.CreateTempSubdirectory"/>: mode 0700, owned by the server's user, a name nobody
/// could have prepared), which is removed on disposal and, should the process die, by the next one that starts.
/// </summary>
internal sealed class SandboxStaging : IDisposable
{
    private const string Prefix = "airlock-sandbox-";
    private const string LockFileName = ".lock";
    private const int Attempts = 3;

    private readonly ConcurrentDictionary<string, StagedSet> _sets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Lock _copying = new();
    private string? _root;
    private FileStream? _lock;
    private bool _disposed;

    /// <summary>
    /// Returns a directory holding <paramref name="files"/> (all under <paramref name="hostDirectory"/>) at their
    /// relative paths and nothing else, copying them first when this set of files (or a version of it) is new.
    /// </summary>
    /// <exception cref="IOException">The files could not be copied, or kept changing while they were.</exception>
    public string Stage(IReadOnlyList<string> files, string hostDirectory)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(hostDirectory);
        string fingerprint = Fingerprint(files, hostDirectory);
        if (_sets.TryGetValue(fingerprint, out StagedSet? staged) && staged.IsIntact())
        {
            return staged.Directory;
        }

        // Copies are made one at a time: concurrent first calls copy once, and no copy is replaced while it is in use.
        lock (_copying)
        {
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                if (_sets.TryGetValue(fingerprint, out staged) && staged.IsIntact())
                {
                    return staged.Directory;
                }

                staged = Copy(files, hostDirectory, fingerprint);

                // A file rewritten while it was copied (a rebuild under way) leaves a set that matches neither version.
                string after = Fingerprint(files, hostDirectory);
                if (string.Equals(after, fingerprint, StringComparison.Ordinal))
                {
                    _sets[fingerprint] = staged;
                    return staged.Directory;
                }

                _sets.TryRemove(fingerprint, out _);
                TryDelete(staged.Directory);
                fingerprint = after;
            }
        }

        throw new IOException("the sandbox's files kept changing while they were copied");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _sets.Clear();
            _lock?.Dispose();
            if (_root is not null)
            {
                TryDelete(_root);
            }
        }
    }

    /// <summary>Removes the staging directories of processes that are gone: those whose lock nobody holds.</summary>
    internal static void RemoveAbandoned(string temporaryDirectory, string? except)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(temporaryDirectory, Prefix + "*", SearchOption.TopDirectoryOnly).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (string candidate in candidates)
        {
            if (string.Equals(candidate, except, StringComparison.Ordinal) || new DirectoryInfo(candidate).LinkTarget is not null)
            {
                continue;
            }

            string lockPath = Path.Combine(candidate, LockFileName);
            try
            {
                if (new FileInfo(lockPath).LinkTarget is not null)
                {
                    continue;
                }

                // FileShare.None takes an exclusive flock(2): it fails while the owning process is alive.
                using (new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                Directory.Delete(candidate, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // In use, someone else's, or half gone: not ours to clean.
            }
        }
    }

    private StagedSet Copy(IReadOnlyList<string> files, string hostDirectory, string fingerprint)
    {
        string root = Root();
        string target = Path.Combine(root, fingerprint);
        string building = Path.Combine(root, fingerprint + "." + Guid.NewGuid().ToString("N"));
        var relativePaths = new List<string>(files.Count);
        try
        {
            // Inside the 0700 root, so the default modes expose nothing.
            Directory.CreateDirectory(building);
            foreach (string file in files)
            {
                string relative = Path.GetRelativePath(hostDirectory, file);
                if (Path.IsPathRooted(relative) || relative.StartsWith("..", StringComparison.Ordinal))
                {
                    throw new IOException("a sandbox file is outside its directory");
                }

                string destination = Path.Combine(building, relative);
                if (Path.GetDirectoryName(destination) is { } parent && !string.Equals(parent, building, StringComparison.Ordinal))
                {
                    Directory.CreateDirectory(parent);
                }

                File.Copy(file, destination);
                relativePaths.Add(relative);
            }

            // A set replaced because it was damaged (a temporary-file cleaner) makes way for the fresh copy.
            if (Directory.Exists(target))
            {
                TryDelete(target);
            }

            Directory.Move(building, target);
        }
        catch
        {
            TryDelete(building);
            throw;
        }

        return new StagedSet(target, relativePaths);
    }

    private string Root()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_root is null)
            {
                DirectoryInfo created = Directory.CreateTempSubdirectory(Prefix);
                _lock = new FileStream(Path.Combine(created.FullName, LockFileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
                _root = created.FullName;
                RemoveAbandoned(Path.GetDirectoryName(_root)!, _root);
            }

            return _root;
        }
    }

    /// <summary>Names a set by its files' relative paths, sizes and modification times (and where they come from).</summary>
    private static string Fingerprint(IReadOnlyList<string> files, string hostDirectory)
    {
        var text = new StringBuilder(hostDirectory.Length + (files.Count * 96));
        text.Append(hostDirectory).Append('\0');
        foreach (string file in files)
        {
            var info = new FileInfo(file);
            text.Append(file).Append('\0')
                .Append(info.Exists ? info.Length : -1).Append('\0')
                .Append(info.Exists ? info.LastWriteTimeUtc.Ticks : 0).Append('\0');
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next start-up's clean-up.
        }
    }
}
