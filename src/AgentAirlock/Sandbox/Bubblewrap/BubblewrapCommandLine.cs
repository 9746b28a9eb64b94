using System.Globalization;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// The command line of one sandbox: <c>prlimit</c> (CPU time, address space, open files, file size, no core dumps)
/// execs <c>bwrap</c> (fresh user, pid, network, ipc, uts and cgroup namespaces; uid and gid 65534; no capabilities;
/// no nested user namespaces; read-only binds of only the runtime, the libraries, the runner, the tool and the
/// operator's paths; a size-capped private <c>/tmp</c>; an empty environment but for the runtime's few variables),
/// which execs the program. Always an argument list: nothing here is ever parsed by a shell.
/// </summary>
internal static class BubblewrapCommandLine
{
    /// <summary>Where the runner's files appear in the sandbox.</summary>
    public const string RunnerDirectory = "/sandbox/runner";

    /// <summary>Where the tool's files appear in the sandbox.</summary>
    public const string ToolDirectory = "/tool";

    /// <summary>The sandbox's user and group: nobody.</summary>
    public const string SandboxId = "65534";

    private const long MiB = 1024 * 1024;
    private const long MinimumAddressSpace = 2048 * MiB;
    private const long MinimumFileSize = 10 * MiB;
    private const int OpenFiles = 128;

    /// <summary>Paths the sandbox lays out itself; an operator's mount may not cover them, lie in them or hold them.</summary>
    public static readonly string[] ReservedPaths =
        ["/", HostRuntimeLayout.SandboxDotnetRoot, "/sandbox", ToolDirectory, "/tmp", "/proc", "/dev", "/usr", "/lib", "/lib64", "/bin"];

    /// <summary>
    /// Builds <c>prlimit … -- bwrap … -- program</c>. <paramref name="mounts"/> are read-only binds in the order given
    /// (the runner's and the tool's files, then the operator's paths).
    /// </summary>
    public static List<string> Build(
        BubblewrapOptions options,
        HostRuntimeLayout runtime,
        IEnumerable<SandboxMount> mounts,
        SandboxLimits limits,
        IReadOnlyList<string> program)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(mounts);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(program);

        long memory = limits.MemoryMb * MiB;
        long tmp = Math.Max(1, options.TmpSizeMb) * MiB;
        var line = new List<string>(128)
        {
            options.PrlimitPath,
            // SIGXCPU at the soft limit names the cause; SIGKILL a second later is the backstop for a process that ignores it.
            Invariant($"--cpu={limits.CpuSeconds}:{limits.CpuSeconds + 1}"),
            // The address space is a last resort above the GC heap limit and the cgroup; the runtime reserves far more
            // than it commits, so it stays generous.
            Invariant($"--as={Math.Max(MinimumAddressSpace, memory + (1536 * MiB))}"),
            Invariant($"--nofile={OpenFiles}"),
            Invariant($"--fsize={Math.Max(MinimumFileSize, tmp)}"),
            "--core=0",
            "--",
            options.BwrapPath,
            "--unshare-all",
            // As root, --disable-userns needs the user namespace asked for explicitly.
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--uid", SandboxId,
            "--gid", SandboxId,
            "--cap-drop", "ALL",
        };
        line.AddRange(runtime.Arguments);
        // /dev is bwrap's own tmpfs with the few device nodes: read-only, so it is no unbounded scratch space.
        line.AddRange(["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev"]);
        line.AddRange(["--size", Invariant($"{tmp}"), "--tmpfs", "/tmp"]);
        foreach (SandboxMount mount in mounts)
        {
            line.AddRange(["--ro-bind", mount.HostPath, mount.SandboxPath]);
        }

        // bwrap's root is a tmpfs the sandbox user owns: without this, anything outside /tmp would be writable.
        line.AddRange(["--remount-ro", "/"]);
        line.Add("--clearenv");
        foreach (KeyValuePair<string, string> variable in Environment(options, limits))
        {
            line.AddRange(["--setenv", variable.Key, variable.Value]);
        }

        line.AddRange(["--chdir", "/tmp", "--"]);
        line.AddRange(program);
        return line;
    }

    /// <summary>
    /// The sandbox's whole environment: the operator's variables, then the runtime's, which win (the heap limit and
    /// the disabled diagnostics are part of the confinement).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment(BubblewrapOptions options, SandboxLimits limits)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        var variables = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal)
        {
            ["HOME"] = "/tmp",
            ["DOTNET_ROOT"] = HostRuntimeLayout.SandboxDotnetRoot,
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
            // No diagnostic IPC socket, no debugger, no profiler attach, no perf map.
            ["DOTNET_EnableDiagnostics"] = "0",
            // The runtime cannot see the cgroup (no /sys, own cgroup namespace), so the heap limit is given explicitly;
            // a tool that passes it gets a clean managed OutOfMemoryException.
            ["DOTNET_GCHeapHardLimit"] = "0x" + (limits.MemoryMb * MiB).ToString("X", CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = "0",
            // Start-up knobs for a process that serves one call: no background GC thread, no PGO instrumentation.
            ["DOTNET_gcConcurrent"] = "0",
            ["DOTNET_TieredPGO"] = "0",
            // W^X costs start-up time and protects nothing here: the sandboxed code may run whatever it likes anyway.
            ["DOTNET_EnableWriteXorExecute"] = "0",
        };
        return variables;
    }

    /// <summary>
    /// Resolves <see cref="BubblewrapOptions.ReadOnlyPaths"/> (relative host paths against
    /// <paramref name="contentRoot"/>), or says which entry is unusable. Only configuration appears in the problem.
    /// </summary>
    public static List<SandboxMount>? OperatorMounts(BubblewrapOptions options, string contentRoot, out string problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contentRoot);
        var mounts = new List<SandboxMount>(options.ReadOnlyPaths.Count);
        foreach (KeyValuePair<string, string> entry in options.ReadOnlyPaths)
        {
            string host = Path.GetFullPath(entry.Key, contentRoot);
            string sandbox = entry.Value;
            if (!IsMountTarget(sandbox))
            {
                problem = $"Airlock:Sandbox:Bubblewrap:ReadOnlyPaths maps '{entry.Key}' to '{sandbox}', which is not a normalized absolute path outside {string.Join(", ", ReservedPaths)}";
                return null;
            }

            if (!Path.Exists(host))
            {
                problem = $"Airlock:Sandbox:Bubblewrap:ReadOnlyPaths names '{host}', which does not exist";
                return null;
            }

            mounts.Add(new SandboxMount(host, sandbox.TrimEnd('/')));
        }

        foreach (string name in options.Environment.Keys)
        {
            if (!IsVariableName(name))
            {
                problem = "Airlock:Sandbox:Bubblewrap:Environment has a variable name that is empty or contains '='";
                return null;
            }
        }

        problem = "";
        return mounts;
    }

    /// <summary>
    /// Whether an operator's mount may appear at <paramref name="path"/>: absolute, normalized (a trailing slash aside), and
    /// neither covering, inside nor holding one of the <see cref="ReservedPaths"/>. The options validator refuses other
    /// paths at start-up and on reload; the command line checks again before it mounts anything.
    /// </summary>
    public static bool IsMountTarget(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        string normal = path.TrimEnd('/');
        if (normal.Length == 0 || !string.Equals(Path.GetFullPath(normal), normal, StringComparison.Ordinal))
        {
            return false;
        }

        return !ReservedPaths.Any(reserved => reserved != "/"
            && (normal == reserved || normal.StartsWith(reserved + "/", StringComparison.Ordinal) || reserved.StartsWith(normal + "/", StringComparison.Ordinal)));
    }

    /// <summary>Whether <paramref name="name"/> can name an environment variable of the sandboxed process.</summary>
    public static bool IsVariableName(string name) =>
        name.Length > 0 && !name.Contains('=', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
