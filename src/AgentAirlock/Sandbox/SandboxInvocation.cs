using System.Text.Json;

namespace AgentAirlock.Sandbox;

/// <summary>
/// One tool invocation, serialized so that it can run in another process: the tool's assembly, type and method, and
/// the validated JSON arguments exactly as the MCP client sent them.
/// </summary>
public sealed class SandboxInvocation
{
    /// <summary>Creates an invocation.</summary>
    /// <param name="toolName">The MCP name of the tool.</param>
    /// <param name="assemblyPath">The full path, on the host, of the assembly that declares the tool method.</param>
    /// <param name="typeName">The full name of the type that declares the tool method.</param>
    /// <param name="methodName">The name of the tool method.</param>
    /// <param name="metadataToken">The method's metadata token, which identifies it among overloads.</param>
    /// <param name="arguments">The arguments: a JSON object keyed by parameter name.</param>
    /// <param name="limits">The resource limits.</param>
    public SandboxInvocation(
        string toolName,
        string assemblyPath,
        string typeName,
        string methodName,
        int metadataToken,
        JsonElement arguments,
        SandboxLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(limits);
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The arguments must be a JSON object.", nameof(arguments));
        }

        ToolName = toolName;
        AssemblyPath = assemblyPath;
        TypeName = typeName;
        MethodName = methodName;
        MetadataToken = metadataToken;
        Arguments = arguments;
        Limits = limits;
    }

    /// <summary>Gets the MCP name of the tool.</summary>
    public string ToolName { get; }

    /// <summary>Gets the full path, on the host, of the assembly that declares the tool method.</summary>
    public string AssemblyPath { get; }

    /// <summary>Gets the full name of the type that declares the tool method.</summary>
    public string TypeName { get; }

    /// <summary>Gets the name of the tool method.</summary>
    public string MethodName { get; }

    /// <summary>Gets the method's metadata token, which identifies it among overloads.</summary>
    public int MetadataToken { get; }

    /// <summary>Gets the arguments: a JSON object keyed by parameter name.</summary>
    public JsonElement Arguments { get; }

    /// <summary>Gets the resource limits.</summary>
    public SandboxLimits Limits { get; }
}
