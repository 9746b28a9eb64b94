using System.Text.Json;

namespace AgentAirlock.Protocol;

/// <summary>
/// The one parsed form of the JSON-RPC message of an MCP POST request, shared by every Airlock layer
/// (and available to application middleware that runs after Airlock) through <c>HttpContext.Features</c>.
/// </summary>
/// <remarks>
/// The message has already been checked: it is UTF-8, within the size and depth limits, has no duplicate
/// property names and no <c>params</c> keys that differ only in case, so this view and the MCP SDK read the
/// same message. The <see cref="JsonElement"/> values are valid only until the request completes.
/// </remarks>
public interface IMcpRequestFeature
{
    /// <summary>Gets whether the message is a request, a notification or a response.</summary>
    McpMessageKind Kind { get; }

    /// <summary>Gets the JSON-RPC id (a string or a number), or an undefined element when the message has none.</summary>
    JsonElement Id { get; }

    /// <summary>Gets the JSON-RPC method, or <see langword="null"/> for a response.</summary>
    string? Method { get; }

    /// <summary>Gets the tool name of a <c>tools/call</c> request, otherwise <see langword="null"/>.</summary>
    string? ToolName { get; }

    /// <summary>
    /// Gets the arguments of a <c>tools/call</c> request: a JSON object, or an undefined element when the
    /// request carries none (or <c>null</c>).
    /// </summary>
    JsonElement Arguments { get; }

    /// <summary>
    /// Gets the MCP protocol revision of the request, from the <c>MCP-Protocol-Version</c> header or
    /// <c>params._meta</c>, or <see langword="null"/> when the request does not state one.
    /// </summary>
    string? ProtocolVersion { get; }

    /// <summary>
    /// Gets whether the request uses a handshake-free revision (2026-07-28 or later) that carries its
    /// metadata in every request and expects <c>resultType</c> in results.
    /// </summary>
    bool UsesPerRequestMetadata { get; }

    /// <summary>Gets the request body the MCP endpoint will read, after any rewrite by Airlock.</summary>
    ReadOnlyMemory<byte> Body { get; }
}
