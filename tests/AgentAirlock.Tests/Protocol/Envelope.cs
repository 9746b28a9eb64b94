using System.Buffers;
using System.Text;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Protocol;

/// <summary>Parses bodies the way the envelope middleware does: a pooled buffer and the request's headers.</summary>
internal static class Envelope
{
    public const string Latest = "2026-07-28";

    public const string Previous = "2025-11-25";

    public static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        foreach ((string name, string value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context.Request;
    }

    /// <summary>The headers a 2026-07-28 client sends with a message.</summary>
    public static HttpRequest LatestRequest(string method, string? name = null)
    {
        var headers = new List<(string, string)> { ("MCP-Protocol-Version", Latest), ("Mcp-Method", method) };
        if (name is not null)
        {
            headers.Add(("Mcp-Name", name));
        }

        return Request([.. headers]);
    }

    public static McpRequest? Parse(byte[] body, out EnvelopeRefusal refusal, HttpRequest? request = null, int maxDepth = EnvelopeOptions.DefaultMaxDepth)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(body.Length, 1));
        body.CopyTo(buffer, 0);
        McpRequest? parsed = McpRequest.Parse(request ?? Request(), buffer, body.Length, maxDepth, out refusal);
        if (parsed is null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return parsed;
    }

    public static McpRequest? Parse(string json, out EnvelopeRefusal refusal, HttpRequest? request = null, int maxDepth = EnvelopeOptions.DefaultMaxDepth) =>
        Parse(Encoding.UTF8.GetBytes(json), out refusal, request, maxDepth);

    public static McpRequest Accept(string json, HttpRequest? request = null, int maxDepth = EnvelopeOptions.DefaultMaxDepth) =>
        Accept(Encoding.UTF8.GetBytes(json), request, maxDepth);

    public static McpRequest Accept(byte[] body, HttpRequest? request = null, int maxDepth = EnvelopeOptions.DefaultMaxDepth)
    {
        McpRequest? parsed = Parse(body, out EnvelopeRefusal refusal, request, maxDepth);
        Assert.True(parsed is not null, $"Expected the message to be accepted, but it was refused: {refusal.Reason}: {refusal.Message}");
        return parsed;
    }

    public static EnvelopeRefusal Refuse(string json, HttpRequest? request = null, int maxDepth = EnvelopeOptions.DefaultMaxDepth) =>
        Refuse(Encoding.UTF8.GetBytes(json), request, maxDepth);

    public static EnvelopeRefusal Refuse(byte[] body, HttpRequest? request = null, int maxDepth = EnvelopeOptions.DefaultMaxDepth)
    {
        using McpRequest? parsed = Parse(body, out EnvelopeRefusal refusal, request, maxDepth);
        Assert.True(parsed is null, "Expected the message to be refused, but it was accepted.");
        Assert.False(string.IsNullOrEmpty(refusal.Message));
        return refusal;
    }

    /// <summary>A transport refusal: HTTP 400, JSON-RPC -32600, with the given reason code.</summary>
    public static void AssertBadRequest(EnvelopeRefusal refusal, string reason)
    {
        Assert.Equal(StatusCodes.Status400BadRequest, refusal.StatusCode);
        Assert.Equal(-32600, refusal.ErrorCode);
        Assert.Equal(reason, refusal.Reason);
        Assert.StartsWith("Bad Request: ", refusal.Message, StringComparison.Ordinal);
    }

    public static string ToolCall(string arguments = """{"a":1,"b":2}""", string name = "add", string id = "7") =>
        Json.Q($"{{'jsonrpc':'2.0','id':{id},'method':'tools/call','params':{{'name':'{name}','arguments':{arguments}}}}}");

    public static string LatestToolCall(string arguments = """{"a":1,"b":2}""", string name = "add", string id = "7") =>
        Json.Q($"{{'jsonrpc':'2.0','id':{id},'method':'tools/call','params':{{'name':'{name}','arguments':{arguments},'_meta':{{'io.modelcontextprotocol/protocolVersion':'2026-07-28','io.modelcontextprotocol/clientCapabilities':{{}},'io.modelcontextprotocol/clientInfo':{{'name':'test','version':'1'}}}}}}}}");
}
