namespace AgentAirlock.Protocol;

/// <summary>
/// The kind of a JSON-RPC message posted to an MCP endpoint.
/// </summary>
public enum McpMessageKind
{
    /// <summary>A request: it has a method and an id, and expects a response.</summary>
    Request = 0,

    /// <summary>A notification: it has a method and no id.</summary>
    Notification = 1,

    /// <summary>A response the client sends to a request the server made (sampling, elicitation, roots).</summary>
    Response = 2,
}
