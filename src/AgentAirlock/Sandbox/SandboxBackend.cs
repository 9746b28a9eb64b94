namespace AgentAirlock.Sandbox;

/// <summary>Where sandboxed tools run.</summary>
public enum SandboxBackend
{
    /// <summary>A locked-down local process: bubblewrap namespaces, rlimits and a cgroup backstop (Linux).</summary>
    Bubblewrap,

    /// <summary>An E2B Firecracker microVM, reached through E2B's API.</summary>
    E2B,
}
