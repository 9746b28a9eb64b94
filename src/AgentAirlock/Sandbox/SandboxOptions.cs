namespace AgentAirlock.Sandbox;

/// <summary>
/// Options of the sandbox, bound from <c>Airlock:Sandbox</c>: which tools run outside the server process, where,
/// and with which limits.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>Gets or sets the backend sandboxed tools run in. Default: <see cref="SandboxBackend.Bubblewrap"/>.</summary>
    public SandboxBackend Backend { get; set; } = SandboxBackend.Bubblewrap;

    /// <summary>
    /// Gets the globs (<c>*</c>, <c>?</c>, <c>[abc]</c>; ordinal, case-sensitive) of tool names that run in the sandbox,
    /// in addition to the tools marked with <see cref="AirlockSandboxAttribute"/>.
    /// </summary>
    public IList<string> Tools { get; } = new List<string>();

    /// <summary>Gets or sets the default wall-clock deadline of one invocation, in seconds. Default: 30.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Gets or sets the default memory cap of one invocation, in MiB. Default: 256.</summary>
    public int MemoryMb { get; set; } = 256;

    /// <summary>Gets or sets the default CPU time limit of one invocation, in seconds. Default: 10.</summary>
    public int CpuSeconds { get; set; } = 10;

    /// <summary>
    /// Gets or sets the interval, in milliseconds, of the progress notifications sent while a sandboxed tool runs, to
    /// clients that asked for progress. Default: 1000.
    /// </summary>
    public int ProgressIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the path of the sandbox runner (<c>AgentAirlock.SandboxRunner.dll</c>); empty looks for it next to
    /// the application (reference the <c>AgentAirlock.SandboxRunner</c> project or package to put it there).
    /// </summary>
    public string RunnerPath { get; set; } = "";

    /// <summary>Gets the options of the bubblewrap backend.</summary>
    public BubblewrapOptions Bubblewrap { get; } = new();

    /// <summary>Gets the options of the E2B backend.</summary>
    public E2BOptions E2B { get; } = new();
}
