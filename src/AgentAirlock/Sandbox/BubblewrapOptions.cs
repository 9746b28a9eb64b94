namespace AgentAirlock.Sandbox;

/// <summary>Options of the bubblewrap backend, bound from <c>Airlock:Sandbox:Bubblewrap</c>.</summary>
public sealed class BubblewrapOptions
{
    /// <summary>Gets or sets the path of <c>bwrap</c>. Default: <c>/usr/bin/bwrap</c>.</summary>
    public string BwrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>Gets or sets the path of <c>prlimit</c>. Default: <c>/usr/bin/prlimit</c>.</summary>
    public string PrlimitPath { get; set; } = "/usr/bin/prlimit";

    /// <summary>Gets or sets the .NET installation mounted into the sandbox; empty finds the one running the server.</summary>
    public string DotnetRoot { get; set; } = "";

    /// <summary>
    /// Gets the host directories mounted read-only into the sandbox, keyed by host path (relative paths are resolved
    /// against the content root), each mapped to the absolute path the tool sees.
    /// </summary>
    public IDictionary<string, string> ReadOnlyPaths { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the environment variables of the sandboxed process. Nothing of the server's environment is passed; only
    /// these and the few the .NET runtime needs.
    /// </summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the size of the sandbox's private <c>/tmp</c>, in MiB. Default: 16.</summary>
    public int TmpSizeMb { get; set; } = 16;

    /// <summary>Gets or sets the largest number of processes (and threads) in one sandbox, where cgroups allow it. Default: 64.</summary>
    public int MaxProcesses { get; set; } = 64;

    /// <summary>Gets or sets how many sandboxes may run at once; 0 uses the number of processors.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>
    /// Gets or sets how many runner processes are kept started and waiting, per tool, so that a call skips the process
    /// start. Each process still serves exactly one invocation. Default: 0 (a fresh process per call).
    /// </summary>
    public int PoolSize { get; set; }
}
