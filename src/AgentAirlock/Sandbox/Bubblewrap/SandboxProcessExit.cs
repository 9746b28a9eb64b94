namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>How one sandboxed process ended, as the host saw it.</summary>
/// <param name="ExitCode">The exit code; 128 + N when signal N ended it (bwrap passes its child's status on).</param>
/// <param name="Cancelled">Whether the host killed it because the deadline passed or the caller gave up.</param>
/// <param name="OutputOverflowed">Whether it wrote more than the stdout cap and was killed for it.</param>
/// <param name="OutOfMemoryKilled">Whether the kernel's OOM killer killed a process of its cgroup.</param>
/// <param name="Stdout">What it wrote to stdout, up to the cap.</param>
internal sealed record SandboxProcessExit(
    int ExitCode,
    bool Cancelled,
    bool OutputOverflowed,
    bool OutOfMemoryKilled,
    ReadOnlyMemory<byte> Stdout);
