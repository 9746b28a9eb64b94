namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// The command lines of one invocation's sandbox: which files are mounted where, and the cold and pooled
/// (<c>--prewarm</c>) ways to start the runner. The pooled command line is also the pool's key, so that a pooled
/// runner only ever serves an invocation with exactly its mounts, environment and limits.
/// </summary>
internal sealed class BubblewrapPlan
{
    private BubblewrapPlan(List<string> command, List<string> pooledCommand, string assemblyPathInSandbox)
    {
        Command = command;
        PooledCommand = pooledCommand;
        PooledKey = string.Join('\0', pooledCommand);
        AssemblyPathInSandbox = assemblyPathInSandbox;
    }

    /// <summary>Gets the command line of a runner started for this invocation.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>Gets the command line of a pooled runner that could serve it.</summary>
    public IReadOnlyList<string> PooledCommand { get; }

    /// <summary>Gets the pool key: the pooled command line.</summary>
    public string PooledKey { get; }

    /// <summary>Gets the tool assembly's path as the runner sees it.</summary>
    public string AssemblyPathInSandbox { get; }

    /// <summary>Builds the plan, or says (from configuration only) why there is none.</summary>
    public static BubblewrapPlan? Create(
        SandboxOptions sandbox,
        HostRuntimeLayout runtime,
        SandboxInvocation invocation,
        string contentRoot,
        SandboxStaging staging,
        out string problem,
        out bool unavailable)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(staging);
        BubblewrapOptions options = sandbox.Bubblewrap;
        unavailable = false;
        List<SandboxMount>? operatorMounts = BubblewrapCommandLine.OperatorMounts(options, contentRoot, out problem);
        if (operatorMounts is null)
        {
            return null;
        }

        if (!SandboxFiles.TryFindRunner(sandbox, out string? runnerPath, out string? missing))
        {
            problem = missing;
            unavailable = true;
            return null;
        }

        if (!File.Exists(invocation.AssemblyPath))
        {
            problem = $"the tool assembly {Path.GetFileName(invocation.AssemblyPath)} was not found";
            return null;
        }

        // Exactly the listed files, copied into two private directories, so that bwrap binds two directories rather
        // than every file one by one.
        string runnerDirectory;
        string toolDirectory;
        try
        {
            runnerDirectory = staging.Stage(SandboxFiles.RunnerFiles(runnerPath), Path.GetDirectoryName(runnerPath)!);
            toolDirectory = staging.Stage(
                SandboxFiles.ToolFiles(invocation.AssemblyPath), Path.GetDirectoryName(Path.GetFullPath(invocation.AssemblyPath))!);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"the sandbox's files could not be staged ({exception.GetType().Name})";
            return null;
        }

        var mounts = new List<SandboxMount>(2 + operatorMounts.Count)
        {
            new(runnerDirectory, BubblewrapCommandLine.RunnerDirectory),
            new(toolDirectory, BubblewrapCommandLine.ToolDirectory),
        };
        mounts.AddRange(operatorMounts);
        string runner = BubblewrapCommandLine.RunnerDirectory + "/" + Path.GetFileName(runnerPath);
        List<string> command = BubblewrapCommandLine.Build(options, runtime, mounts, invocation.Limits, [HostRuntimeLayout.SandboxDotnet, runner]);
        List<string> pooled = BubblewrapCommandLine.Build(
            options, runtime, mounts, invocation.Limits, [HostRuntimeLayout.SandboxDotnet, runner, "--prewarm"]);
        return new BubblewrapPlan(command, pooled, BubblewrapCommandLine.ToolDirectory + "/" + Path.GetFileName(invocation.AssemblyPath));
    }
}
