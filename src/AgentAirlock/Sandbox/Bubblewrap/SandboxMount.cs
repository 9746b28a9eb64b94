namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>One read-only bind mount: a host path and where the sandbox sees it.</summary>
/// <param name="HostPath">The absolute path on the host.</param>
/// <param name="SandboxPath">The absolute path inside the sandbox.</param>
internal readonly record struct SandboxMount(string HostPath, string SandboxPath);
