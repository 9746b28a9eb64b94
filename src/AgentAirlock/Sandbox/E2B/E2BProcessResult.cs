namespace AgentAirlock.Sandbox.E2B;

/// <summary>How a process in a sandbox ended, as envd's <c>end</c> event reported it, with its captured output.</summary>
internal sealed class E2BProcessResult
{
    public E2BProcessResult(int exitCode, bool exited, string? status, byte[] stdout, int stderrBytes)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ExitCode = exitCode;
        Exited = exited;
        Status = status;
        Stdout = stdout;
        StderrBytes = stderrBytes;
    }

    /// <summary>Gets the exit code; 0 when envd left it out (proto3 omits zero values), -1 after a signal.</summary>
    public int ExitCode { get; }

    /// <summary>Gets whether the process exited by itself; <see langword="false"/> when a signal ended it.</summary>
    public bool Exited { get; }

    /// <summary>Gets Go's description of the process state, e.g. <c>exit status 3</c> or <c>signal: killed</c>.</summary>
    public string? Status { get; }

    /// <summary>Gets everything the process wrote to stdout (within the cap).</summary>
    public byte[] Stdout { get; }

    /// <summary>Gets how many bytes the process wrote to stderr (its content is the tool's and is not kept).</summary>
    public int StderrBytes { get; }
}
