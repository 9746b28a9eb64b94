namespace AgentAirlock.Sandbox;

/// <summary>The resource limits of one sandboxed invocation.</summary>
public sealed class SandboxLimits
{
    /// <summary>Creates limits.</summary>
    /// <param name="timeout">The wall-clock deadline; the whole sandbox is killed when it passes.</param>
    /// <param name="memoryMb">The memory cap in MiB (the tool's managed heap, backed by the backend's own limit).</param>
    /// <param name="cpuSeconds">The CPU time the sandbox may use, in seconds.</param>
    public SandboxLimits(TimeSpan timeout, int memoryMb, int cpuSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(memoryMb, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cpuSeconds, 0);
        Timeout = timeout;
        MemoryMb = memoryMb;
        CpuSeconds = cpuSeconds;
    }

    /// <summary>Gets the wall-clock deadline; the whole sandbox is killed when it passes.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets the memory cap in MiB.</summary>
    public int MemoryMb { get; }

    /// <summary>Gets the CPU time the sandbox may use, in seconds.</summary>
    public int CpuSeconds { get; }
}
