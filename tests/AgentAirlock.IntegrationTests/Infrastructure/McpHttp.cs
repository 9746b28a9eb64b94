using System.Net;
using System.Text;
using System.Text.Json;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>An HTTP answer of an MCP endpoint, with its JSON-RPC message read from a JSON body or the first SSE frame.</summary>
internal sealed class McpAnswer
{
    private readonly JsonDocument? _document;

    public McpAnswer(HttpResponseMessage response, string body)
    {
        Response = response;
        Body = body;
        MediaType = response.Content.Headers.ContentType?.MediaType;
        string? json = IsEventStream ? FirstEventData(body) : body;
        if (!string.IsNullOrWhiteSpace(json))
        {
            try
            {
                _document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                _document = null;
            }
        }
    }

    public HttpResponseMessage Response { get; }

    public HttpStatusCode Status => Response.StatusCode;

    public string Body { get; }

    public string? MediaType { get; }

    public bool IsEventStream => MediaType == "text/event-stream";

    public bool IsJson => MediaType == "application/json";

    public bool HasMessage => _document is not null;

    /// <summary>The JSON-RPC message; fails the test when the answer carries none.</summary>
    public JsonElement Message => _document?.RootElement
        ?? throw new Xunit.Sdk.XunitException($"HTTP {(int)Status} {MediaType}: the answer carries no JSON-RPC message: {Body}");

    public bool IsResult => HasMessage && Message.TryGetProperty("result", out _);

    public JsonElement Result => Message.TryGetProperty("result", out JsonElement result)
        ? result
        : throw new Xunit.Sdk.XunitException("expected a JSON-RPC result, got: " + Body);

    public JsonElement Error => Message.TryGetProperty("error", out JsonElement error)
        ? error
        : throw new Xunit.Sdk.XunitException("expected a JSON-RPC error, got: " + Body);

    public int ErrorCode => Error.GetProperty("code").GetInt32();

    public string ErrorMessage => Error.GetProperty("message").GetString() ?? string.Empty;

    public bool IsBlocked => IsResult && Result.TryGetProperty("isError", out JsonElement isError) && isError.ValueKind == JsonValueKind.True;

    /// <summary>The Airlock block object (structuredContent, or _meta for tools with an output schema).</summary>
    public JsonElement Block => Result.TryGetProperty("structuredContent", out JsonElement structured)
        ? structured
        : Result.GetProperty("_meta").GetProperty("io.agentairlock/block");

    public string FirstText => Result.GetProperty("content")[0].GetProperty("text").GetString() ?? string.Empty;

    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(",", values)
        : Response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    public override string ToString() => $"HTTP {(int)Status} {MediaType}: {Body}";

    private static string? FirstEventData(string body)
    {
        var data = new StringBuilder();
        foreach (string line in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0 && data.Length > 0)
            {
                break;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line.AsSpan(line.StartsWith("data: ", StringComparison.Ordinal) ? 6 : 5));
            }
        }

        return data.Length == 0 ? null : data.ToString();
    }
}

/// <summary>Raw JSON-RPC over the streamable HTTP transport, both wire revisions.</summary>
internal static class McpHttp
{
    public const string BothAccepted = "application/json, text/event-stream";
    public const string Revision2025 = "2025-11-25";
    public const string Revision2026 = "2026-07-28";

    public static string NewId() => "t-" + Guid.NewGuid().ToString("N");

    /// <summary>A request with a string id and the given params object (JSON text).</summary>
    public static string Request(string id, string method, string paramsJson) =>
        "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";

    /// <summary>A tools/call body of the 2025-11-25 shape.</summary>
    public static string ToolCallBody(string id, string tool, string argumentsJson) =>
        $$$"""{"jsonrpc":"2.0","id":"{{{id}}}","method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{argumentsJson}}}}}""";

    /// <summary>A tools/call body of the 2026-07-28 shape (params._meta).</summary>
    public static string ToolCallBody2026(string id, string tool, string argumentsJson) =>
        "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + ",\"_meta\":" + Meta2026 + "}}";

    /// <summary>The params._meta every 2026-07-28 request carries.</summary>
    public const string Meta2026 =
        """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"raw-test","version":"1"}}""";

    public static HttpRequestMessage Post(string body, string? protocolVersion = Revision2025, string accept = BothAccepted, string contentType = "application/json") =>
        Post(Encoding.UTF8.GetBytes(body), protocolVersion, accept, contentType);

    public static HttpRequestMessage Post(byte[] body, string? protocolVersion = Revision2025, string accept = BothAccepted, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (protocolVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", protocolVersion);
        }

        return request;
    }

    /// <summary>A 2025-11-25 tools/call.</summary>
    public static HttpRequestMessage ToolCall(string id, string tool, string argumentsJson) => Post(ToolCallBody(id, tool, argumentsJson));

    /// <summary>A 2026-07-28 tools/call with the standard headers (Mcp-Name set to <paramref name="nameHeader"/>, the tool by default).</summary>
    public static HttpRequestMessage ToolCall2026(string id, string tool, string argumentsJson, string? nameHeader = null)
    {
        HttpRequestMessage request = Post(ToolCallBody2026(id, tool, argumentsJson), Revision2026);
        request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
        request.Headers.TryAddWithoutValidation("Mcp-Name", nameHeader ?? tool);
        return request;
    }

    public static async Task<McpAnswer> SendMcpAsync(this HttpClient client, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        using (request)
        {
            HttpResponseMessage response = await client.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            return new McpAnswer(response, body);
        }
    }

    public static Task<McpAnswer> PostMcpAsync(this HttpClient client, string body, string? protocolVersion = Revision2025) =>
        client.SendMcpAsync(Post(body, protocolVersion));

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    public static void SetHeader(this HttpRequestMessage request, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
