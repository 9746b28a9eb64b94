using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>One tools/call as the MCP SDK handed it to its call-tool filter chain.</summary>
internal sealed record RecordedCall(string RequestId, string ToolName, IReadOnlyDictionary<string, JsonElement>? Arguments)
{
    /// <summary>The arguments as one JSON object, members in the order the SDK holds them.</summary>
    public string ArgumentsJson => Arguments is null
        ? "null"
        : "{" + string.Join(",", Arguments.Select(pair => JsonSerializer.Serialize(pair.Key) + ":" + pair.Value.GetRawText())) + "}";
}

/// <summary>
/// An outermost MCP call-tool filter that records what reaches the SDK (tool name and arguments, cloned), keyed
/// by the JSON-RPC request id, then lets the call go on.
/// </summary>
internal sealed class CallRecorder
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    public IReadOnlyCollection<RecordedCall> All => _calls;

    public McpRequestFilter<CallToolRequestParams, CallToolResult> Filter => next => async (context, cancellationToken) =>
    {
        IDictionary<string, JsonElement>? arguments = context.Params?.Arguments;
        _calls.Enqueue(new RecordedCall(
            context.JsonRpcRequest.Id.ToString(),
            context.Params?.Name ?? string.Empty,
            arguments?.ToDictionary(pair => pair.Key, pair => pair.Value.Clone(), StringComparer.Ordinal)));
        return await next(context, cancellationToken);
    };

    public bool Saw(string requestId) => _calls.Any(c => c.RequestId == requestId);

    public RecordedCall Single(string requestId)
    {
        RecordedCall[] matches = [.. _calls.Where(c => c.RequestId == requestId)];
        Assert.True(matches.Length == 1, $"expected the SDK to receive request '{requestId}' exactly once; it received it {matches.Length} times");
        return matches[0];
    }
}
