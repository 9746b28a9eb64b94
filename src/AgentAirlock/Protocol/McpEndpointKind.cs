namespace AgentAirlock.Protocol;

/// <summary>What Airlock found an endpoint to be.</summary>
internal enum McpEndpointKind
{
    /// <summary>Not an MCP endpoint: Airlock does not touch it.</summary>
    None,

    /// <summary>The streamable HTTP endpoint mapped by <c>MapMcp</c>.</summary>
    StreamableHttp,

    /// <summary>The deprecated HTTP+SSE <c>/message</c> endpoint, whose answers travel on another request.</summary>
    LegacySse,
}
