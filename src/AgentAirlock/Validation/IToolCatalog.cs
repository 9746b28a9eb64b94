using System.Diagnostics.CodeAnalysis;

namespace AgentAirlock.Validation;

/// <summary>
/// The tools behind the protected MCP endpoint, found by exact (case-sensitive) name.
/// </summary>
internal interface IToolCatalog
{
    bool TryGetTool(string name, [NotNullWhen(true)] out ToolDescriptor? tool);

    /// <summary>The tool names closest to a name that matched none, for hints.</summary>
    IReadOnlyList<string> FindClosestNames(string name, int max);
}
