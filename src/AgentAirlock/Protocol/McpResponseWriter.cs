using System.Buffers;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Protocol;

/// <summary>
/// Writes every answer Airlock originates: self-healing blocked results and JSON-RPC errors, framed as the
/// client accepts (plain JSON or one SSE frame) and shaped for the request's protocol revision.
/// </summary>
internal sealed class McpResponseWriter
{
    /// <summary>How Airlock writes its own answers: readable text (no escaping of quotes or non-ASCII), valid JSON.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Where the block object goes for tools that declare an output schema.</summary>
    public const string BlockMetaKey = "io.agentairlock/block";

    private readonly byte[] _serverInfoJson;

    private readonly IToolDirectory _tools;

    public McpResponseWriter(IOptions<McpServerOptions> mcpOptions, IToolDirectory tools)
    {
        ArgumentNullException.ThrowIfNull(mcpOptions);
        ArgumentNullException.ThrowIfNull(tools);
        _tools = tools;

        // 2026-07-28 results carry the server's identity in _meta; use the one the SDK reports.
        Implementation? configured = mcpOptions.Value.ServerInfo;
        AssemblyName? entry = Assembly.GetEntryAssembly()?.GetName();
        var info = new JsonObject
        {
            ["name"] = configured?.Name ?? entry?.Name ?? "McpServer",
            ["version"] = configured?.Version ?? entry?.Version?.ToString() ?? "1.0.0",
        };
        _serverInfoJson = JsonSerializer.SerializeToUtf8Bytes(info);
    }

    /// <summary>
    /// Answers a call with a self-healing tool result (<c>isError: true</c>). The block object is the result's
    /// <c>structuredContent</c>, except for tools that declare an output schema: clients check structured content
    /// against it even on errors, so for those it goes in <c>_meta</c> under <see cref="BlockMetaKey"/>.
    /// </summary>
    public async Task WriteBlockedAsync(HttpContext context, IMcpRequestFeature request, BlockedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        bool asStructuredContent = !_tools.DeclaresOutputSchema(answer.ToolName);

        using var body = new PooledBufferWriter(1024);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            WriteId(writer, request.Id);
            writer.WritePropertyName("result"u8);
            writer.WriteStartObject();

            writer.WritePropertyName("content"u8);
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            writer.WriteString("text"u8, answer.ToText());
            writer.WriteEndObject();
            writer.WriteEndArray();

            if (asStructuredContent)
            {
                writer.WritePropertyName("structuredContent"u8);
                answer.WriteBlock(writer);
            }

            writer.WriteBoolean("isError"u8, true);

            // Only 2026-07-28 and later know resultType; earlier clients reject it as an unknown key.
            if (request.UsesPerRequestMetadata)
            {
                writer.WriteString("resultType"u8, "complete"u8);
            }

            if (request.UsesPerRequestMetadata || !asStructuredContent)
            {
                writer.WritePropertyName("_meta"u8);
                writer.WriteStartObject();
                if (request.UsesPerRequestMetadata)
                {
                    writer.WritePropertyName(McpProtocol.MetaServerInfo);
                    writer.WriteRawValue(_serverInfoJson, skipInputValidation: true);
                }

                if (!asStructuredContent)
                {
                    writer.WritePropertyName(BlockMetaKey);
                    answer.WriteBlock(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await WriteInBandAsync(context, body.WrittenMemory);
    }

    /// <summary>
    /// Answers with a JSON-RPC error. HTTP 200 errors are in-band answers to a readable request and use the
    /// client's framing; any other status is a transport refusal and is plain JSON, as the SDK writes them.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, JsonElement id, int statusCode, int code, string message, JsonObject? data = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);

        using var body = new PooledBufferWriter(256);
        WriteError(body, id, code, message, data);

        if (statusCode == StatusCodes.Status200OK)
        {
            await WriteInBandAsync(context, body.WrittenMemory);
            return;
        }

        HttpResponse response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = body.WrittenCount;
        EchoSession(context);
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Writes a JSON-RPC error message (the message only, unframed) to <paramref name="output"/>.</summary>
    public static void WriteError(IBufferWriter<byte> output, JsonElement id, int code, string message, JsonObject? data = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        WriteId(writer, id);
        writer.WritePropertyName("error"u8);
        writer.WriteStartObject();
        writer.WriteNumber("code"u8, code);
        writer.WriteString("message"u8, message);
        if (data is not null)
        {
            writer.WritePropertyName("data"u8);
            data.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter writer, JsonElement id)
    {
        writer.WritePropertyName("id"u8);
        if (id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            id.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static async Task WriteInBandAsync(HttpContext context, ReadOnlyMemory<byte> json)
    {
        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        EchoSession(context);
        if (!PrefersEventStream(context.Request))
        {
            response.ContentType = "application/json";
            response.ContentLength = json.Length;
            await response.Body.WriteAsync(json, context.RequestAborted);
            return;
        }

        ReadOnlySpan<byte> head = "event: message\ndata: "u8;
        ReadOnlySpan<byte> tail = "\n\n"u8;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.ContentLength = head.Length + json.Length + tail.Length;
        using var frame = new PooledBufferWriter(head.Length + json.Length + tail.Length);
        frame.Write(head);
        frame.Write(json.Span);
        frame.Write(tail);
        await response.Body.WriteAsync(frame.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Plain JSON unless the client accepts only an event stream.</summary>
    private static bool PrefersEventStream(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out IList<MediaTypeHeaderValue>? accepted) || accepted.Count == 0)
        {
            return false;
        }

        bool eventStream = false;
        foreach (MediaTypeHeaderValue type in accepted)
        {
            if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            eventStream |= type.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);
        }

        return eventStream;
    }

    private static void EchoSession(HttpContext context)
    {
        string? session = context.Request.Headers[McpProtocol.SessionIdHeader];
        if (!string.IsNullOrEmpty(session))
        {
            context.Response.Headers[McpProtocol.SessionIdHeader] = session;
        }
    }
}
