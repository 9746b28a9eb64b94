using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Protocol;

/// <summary>
/// Recognizes the endpoints <c>MapMcp</c> creates, so <c>UseAirlock()</c> needs no change to the mapping.
/// </summary>
internal static class McpEndpoints
{
    // MapMcp names its endpoint groups with these prefixes (ModelContextProtocol.AspNetCore 2.3.1).
    private const string StreamableDisplayPrefix = "MCP Streamable HTTP |";
    private const string LegacySseDisplayPrefix = "MCP HTTP with SSE |";

    private static readonly ConditionalWeakTable<Endpoint, StrongBox<McpEndpointKind>> Kinds = [];

    public static McpEndpointKind Classify(Endpoint? endpoint)
    {
        if (endpoint is null)
        {
            return McpEndpointKind.None;
        }

        return Kinds.GetValue(endpoint, static e => new StrongBox<McpEndpointKind>(Inspect(e))).Value;
    }

    private static McpEndpointKind Inspect(Endpoint endpoint)
    {
        // The streamable endpoints declare the SDK's JsonRpcError as a response type: a typed marker that
        // survives renaming of the display name; the display name is the fallback.
        foreach (IProducesResponseTypeMetadata produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            if (produces.Type == typeof(JsonRpcError))
            {
                return McpEndpointKind.StreamableHttp;
            }
        }

        string? name = endpoint.DisplayName;
        if (name is null)
        {
            return McpEndpointKind.None;
        }

        if (name.StartsWith(StreamableDisplayPrefix, StringComparison.Ordinal))
        {
            return McpEndpointKind.StreamableHttp;
        }

        return name.StartsWith(LegacySseDisplayPrefix, StringComparison.Ordinal) ? McpEndpointKind.LegacySse : McpEndpointKind.None;
    }
}
