using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentAirlock.Protocol;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Sandbox;

/// <summary>
/// Decides which tools run in the sandbox: those whose method carries <see cref="AirlockSandboxAttribute"/> and those
/// whose name matches a glob of <c>Airlock:Sandbox:Tools</c> (read on every call, so a reload takes effect at once).
/// What is learnt about a tool object (its method, attribute, whether it can run in the sandbox) is kept with it.
/// </summary>
internal sealed class SandboxedToolSelector
{
    private readonly ConditionalWeakTable<McpServerTool, SandboxedTool> _byTool = [];
    private (IList<string> Source, Glob[] Globs) _globs = ([], []);

    public bool TryGetSandboxed(McpServerTool tool, SandboxOptions options, [NotNullWhen(true)] out SandboxedTool? sandboxed)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(options);
        // Every tools/call passes here: the lookup of a known tool allocates nothing.
        if (!_byTool.TryGetValue(tool, out SandboxedTool? described))
        {
            described = _byTool.GetValue(tool, Describe);
        }

        if (described.Attribute is not null || MatchesConfiguredGlob(described.Name, options.Tools))
        {
            sandboxed = described;
            return true;
        }

        sandboxed = null;
        return false;
    }

    private bool MatchesConfiguredGlob(string toolName, IList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return false;
        }

        (IList<string> source, Glob[] globs) = _globs;
        if (!ReferenceEquals(source, patterns))
        {
            // The options validator has refused malformed globs at start-up and on reload.
            globs = [.. patterns.Select(p => Glob.TryParse(p, out _)).OfType<Glob>()];
            _globs = (patterns, globs);
        }

        foreach (Glob glob in globs)
        {
            if (glob.IsMatch(toolName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Learns what the sandbox needs about a tool.</summary>
    private static SandboxedTool Describe(McpServerTool tool)
    {
        MethodInfo? method = tool.Metadata.OfType<MethodInfo>().FirstOrDefault();
        if (method is null)
        {
            // Named by a glob, such a tool is refused: it never falls back to running in-process.
            return new SandboxedTool(tool, null, null, "it is not implemented by a .NET method that the sandbox runner could load");
        }

        return new SandboxedTool(tool, method, method.GetCustomAttribute<AirlockSandboxAttribute>(), FindProblem(tool, method));
    }

    /// <summary>Why the runner could not invoke the method on its own, without the server's services.</summary>
    internal static string? FindProblem(McpServerTool tool, MethodInfo method)
    {
        Type? type = method.DeclaringType;
        if (type is null || !type.IsVisible || !method.IsPublic || type.ContainsGenericParameters || method.ContainsGenericParameters)
        {
            return $"its method {method.Name} must be a public, non-generic method of a public type";
        }

        if (string.IsNullOrEmpty(type.Assembly.Location))
        {
            return $"its assembly {type.Assembly.GetName().Name} has no file on disk to load in the sandbox";
        }

        if (!method.IsStatic && (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null))
        {
            return $"{type.Name}.{method.Name} is an instance method, and {type.Name} has no public parameterless constructor";
        }

        HashSet<string> arguments = ArgumentNames(tool.ProtocolTool.InputSchema);
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            Type parameterType = parameter.ParameterType;
            if (parameterType == typeof(CancellationToken) || parameterType == typeof(IProgress<ProgressNotificationValue>))
            {
                continue;
            }

            if (parameter.Name is null || !arguments.Contains(parameter.Name))
            {
                return $"its parameter '{parameter.Name}' ({parameterType.Name}) is filled from the server's services, which do not exist inside the sandbox";
            }
        }

        return null;
    }

    private static HashSet<string> ArgumentNames(JsonElement inputSchema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (inputSchema.ValueKind == JsonValueKind.Object &&
            inputSchema.TryGetProperty("properties", out JsonElement properties) &&
            properties.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                names.Add(property.Name);
            }
        }

        return names;
    }
}
