using System.Diagnostics;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// One sandbox of the fake: a temporary host directory that is the sandbox's <c>/home/user</c> (the only part of the
/// sandbox file system the fake maps; processes see it at that path through a bubblewrap mount namespace), its
/// running processes, and its lifetime.
/// </summary>
internal sealed class FakeE2BSandbox : IDisposable
{
    public const string Home = "/home/user";

    private readonly Lock _lock = new();
    private readonly List<Process> _processes = [];
    private readonly CancellationTokenSource _gone = new();
    private ITimer? _lifetime;

    public FakeE2BSandbox(string id, string accessToken, string template, string hostRoot)
    {
        Id = id;
        AccessToken = accessToken;
        Template = template;
        HostHome = Path.Combine(hostRoot, "home", "user");
        Directory.CreateDirectory(HostHome);
        HostRoot = hostRoot;
    }

    public string Id { get; }

    public string AccessToken { get; }

    public string Template { get; }

    /// <summary>Gets the host directory that holds everything of this sandbox.</summary>
    public string HostRoot { get; }

    /// <summary>Gets the host directory mapped to the sandbox's <c>/home/user</c>.</summary>
    public string HostHome { get; }

    /// <summary>Gets every lifetime (seconds) the sandbox was given: at creation, then by set-timeout calls.</summary>
    public List<int> Lifetimes { get; } = [];

    /// <summary>Gets whether the sandbox was killed (by a request, or because its lifetime ran out).</summary>
    public bool Killed => _gone.IsCancellationRequested;

    /// <summary>Gets whether the sandbox ended because its lifetime ran out.</summary>
    public bool Expired { get; private set; }

    /// <summary>Gets a token cancelled when the sandbox ends.</summary>
    public CancellationToken Gone => _gone.Token;

    /// <summary>Gets how many processes were started in the sandbox.</summary>
    public int ProcessCount { get; private set; }

    /// <summary>Resolves a path as envd does (relative to the user's home), or null when the fake does not map it.</summary>
    public static string? Resolve(string path)
    {
        if (path == "~" || path.Length == 0)
        {
            return Home;
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        string full = path.StartsWith('/') ? path : Home + "/" + path;
        string normalized = Path.GetFullPath(full);
        return normalized == Home || normalized.StartsWith(Home + "/", StringComparison.Ordinal) ? normalized : null;
    }

    /// <summary>Gets the host path of a resolved sandbox path under <see cref="Home"/>.</summary>
    public string HostPath(string resolvedPath) =>
        resolvedPath == Home ? HostHome : Path.Combine(HostHome, resolvedPath[(Home.Length + 1)..]);

    public void SetLifetime(int seconds, TimeProvider timeProvider)
    {
        lock (_lock)
        {
            Lifetimes.Add(seconds);
            _lifetime?.Dispose();
            _lifetime = timeProvider.CreateTimer(_ => Kill(expired: true), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Registers a started process, or kills it at once when the sandbox is already gone.</summary>
    public bool Track(Process process)
    {
        lock (_lock)
        {
            ProcessCount++;
            if (Killed)
            {
                KillTree(process);
                return false;
            }

            _processes.Add(process);
            return true;
        }
    }

    public void Untrack(Process process)
    {
        lock (_lock)
        {
            _processes.Remove(process);
        }
    }

    public void Kill(bool expired)
    {
        Process[] processes;
        lock (_lock)
        {
            if (Killed)
            {
                return;
            }

            Expired = expired;
            _gone.Cancel();
            _lifetime?.Dispose();
            processes = [.. _processes];
        }

        foreach (Process process in processes)
        {
            KillTree(process);
        }
    }

    public void DeleteFiles()
    {
        try
        {
            Directory.Delete(HostRoot, recursive: true);
        }
        catch (IOException)
        {
            // A process may still be exiting; the server's own directory is removed at disposal.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        Kill(expired: false);
        lock (_lock)
        {
            _lifetime?.Dispose();
        }

        _gone.Dispose();
    }

    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
