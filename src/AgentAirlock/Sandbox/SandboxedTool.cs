using System.Reflection;
using ModelContextProtocol.Server;

namespace AgentAirlock.Sandbox;

/// <summary>
/// A tool that runs in the sandbox: its method, its own limits (from <see cref="AirlockSandboxAttribute"/>), and the
/// stand-in the SDK invokes instead of the method; or the reason it cannot run in the sandbox.
/// </summary>
internal sealed class SandboxedTool
{
    public SandboxedTool(McpServerTool source, MethodInfo? method, AirlockSandboxAttribute? attribute, string? problem)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (method is null && problem is null)
        {
            throw new ArgumentException("A tool without a method cannot run in the sandbox; say why.", nameof(problem));
        }

        Source = source;
        Method = method;
        Attribute = attribute;
        Problem = problem;
    }

    public McpServerTool Source { get; }

    public string Name => Source.ProtocolTool.Name;

    /// <summary>Gets the tool's method; <see langword="null"/> only when <see cref="Problem"/> says why there is none.</summary>
    public MethodInfo? Method { get; }

    public AirlockSandboxAttribute? Attribute { get; }

    /// <summary>Gets why the tool cannot run in the sandbox, or <see langword="null"/> when it can.</summary>
    public string? Problem { get; }

    public bool DeclaresOutputSchema => Source.ProtocolTool.OutputSchema is not null;

    /// <summary>Gets or sets the stand-in tool whose function runs the sandbox; created once, on first use.</summary>
    public McpServerTool? StandIn { get; set; }

    public SandboxLimits LimitsFrom(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int timeout = Attribute is { TimeoutSeconds: > 0 } ? Attribute.TimeoutSeconds : options.TimeoutSeconds;
        int memory = Attribute is { MemoryMb: > 0 } ? Attribute.MemoryMb : options.MemoryMb;
        int cpu = Attribute is { CpuSeconds: > 0 } ? Attribute.CpuSeconds : options.CpuSeconds;
        return new SandboxLimits(TimeSpan.FromSeconds(timeout), memory, cpu);
    }
}
