namespace AgentAirlock.Protocol;

/// <summary>
/// Names and codes of the MCP streamable HTTP transport and of JSON-RPC that Airlock reads or writes.
/// </summary>
internal static class McpProtocol
{
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";
    public const string MethodHeader = "Mcp-Method";
    public const string NameHeader = "Mcp-Name";
    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string ParamHeaderPrefix = "Mcp-Param-";

    public const string ToolsCall = "tools/call";
    public const string ToolsList = "tools/list";
    public const string Initialize = "initialize";

    public const string MetaKey = "_meta";
    public const string MetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
    public const string MetaServerInfo = "io.modelcontextprotocol/serverInfo";

    /// <summary>The first revision without the initialize handshake; later revisions compare greater (ISO dates).</summary>
    public const string FirstPerRequestMetadataRevision = "2026-07-28";

    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int HeaderMismatch = -32020;

    /// <summary>The JSON-RPC code of Airlock's HTTP 401 answers (an implementation-defined server error).</summary>
    public const int Unauthorized = -32000;

    public static bool UsesPerRequestMetadata(string? protocolVersion) =>
        !string.IsNullOrEmpty(protocolVersion)
        && string.CompareOrdinal(protocolVersion, FirstPerRequestMetadataRevision) >= 0;

    /// <summary>
    /// Returns the method when it is one Airlock knows, so the hot path compares and stores a constant instead of
    /// allocating a string per request.
    /// </summary>
    public static string? KnownMethod(ReadOnlySpan<byte> utf8Method) => utf8Method switch
    {
        _ when utf8Method.SequenceEqual("tools/call"u8) => ToolsCall,
        _ when utf8Method.SequenceEqual("tools/list"u8) => ToolsList,
        _ when utf8Method.SequenceEqual("initialize"u8) => Initialize,
        _ when utf8Method.SequenceEqual("notifications/initialized"u8) => "notifications/initialized",
        _ when utf8Method.SequenceEqual("server/discover"u8) => "server/discover",
        _ when utf8Method.SequenceEqual("ping"u8) => "ping",
        _ => null,
    };
}
