using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Protocol;

/// <summary>
/// Why the envelope refused a message: the HTTP status, the JSON-RPC error code and a message naming the problem.
/// </summary>
/// <remarks>
/// Transport problems (the message cannot be read as one JSON-RPC message) are HTTP 4xx with a <c>null</c> id;
/// problems with the parameters of a readable request are an in-band JSON-RPC error (HTTP 200) echoing its id.
/// </remarks>
internal readonly record struct EnvelopeRefusal(int StatusCode, int ErrorCode, string Message, string Reason, JsonElement Id = default)
{
    public static EnvelopeRefusal BadRequest(string reason, string message) =>
        new(StatusCodes.Status400BadRequest, McpProtocol.InvalidRequest, "Bad Request: " + message, reason);

    public static EnvelopeRefusal HeaderMismatch(string message, JsonElement id) =>
        new(StatusCodes.Status400BadRequest, McpProtocol.HeaderMismatch, message, "header_mismatch", id);

    public static EnvelopeRefusal InvalidParams(string message, JsonElement id) =>
        new(StatusCodes.Status200OK, McpProtocol.InvalidParams, message, "invalid_params", id);
}
