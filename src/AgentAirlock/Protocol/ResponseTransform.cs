using System.Text.Json;

namespace AgentAirlock.Protocol;

/// <summary>
/// Rewrites the JSON-RPC response to a request: writes the replacement message (raw JSON) to <paramref name="output"/>
/// and returns <see langword="true"/>, or returns <see langword="false"/> to leave the message as it is.
/// </summary>
internal delegate bool ResponseTransform(JsonElement message, PooledBufferWriter output);
