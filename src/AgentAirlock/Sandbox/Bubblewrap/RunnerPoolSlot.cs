using System.Collections.Concurrent;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>The waiting runner processes of one pool key, and how many more are being started.</summary>
internal sealed class RunnerPoolSlot
{
    public ConcurrentQueue<SandboxProcess> Idle { get; } = new();

    // A field, not a property: Interlocked needs its address.
    public int Starting;
}
