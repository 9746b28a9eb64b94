namespace AgentAirlock.Sandbox;

/// <summary>
/// Runs the MCP tool this method implements in Airlock's sandbox, never in the server's process. The method must be
/// static, or an instance method of a type with a public parameterless constructor; inside the sandbox there is no
/// dependency injection, so its parameters are the tool's arguments and, optionally, a <see cref="CancellationToken"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AirlockSandboxAttribute : Attribute
{
    /// <summary>Gets or sets the wall-clock deadline in seconds; 0 uses <c>Airlock:Sandbox:TimeoutSeconds</c>.</summary>
    public int TimeoutSeconds { get; set; }

    /// <summary>Gets or sets the memory cap in MiB; 0 uses <c>Airlock:Sandbox:MemoryMb</c>.</summary>
    public int MemoryMb { get; set; }

    /// <summary>Gets or sets the CPU time limit in seconds; 0 uses <c>Airlock:Sandbox:CpuSeconds</c>.</summary>
    public int CpuSeconds { get; set; }
}
