using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using AgentAirlock.Audit;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Protocol;

/// <summary>
/// The one parsed form of an MCP POST body. It owns the pooled body buffer and the parsed document, and is
/// what the MCP endpoint reads: <see cref="ReplaceArguments{TState}"/> swaps the request body as well.
/// </summary>
internal sealed class McpRequest : IMcpRequestFeature, IDisposable
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly HttpRequest _httpRequest;
    private readonly int _maxDepth;
    private byte[] _buffer;
    private int _length;
    private JsonDocument _document;
    private ResponseRewriter? _rewriter;

    private McpRequest(HttpRequest httpRequest, int maxDepth, byte[] buffer, int length, JsonDocument document)
    {
        _httpRequest = httpRequest;
        _maxDepth = maxDepth;
        _buffer = buffer;
        _length = length;
        _document = document;
    }

    public McpMessageKind Kind { get; private set; }

    public JsonElement Id { get; private set; }

    public string? Method { get; private set; }

    public string? ToolName { get; private set; }

    public JsonElement Arguments { get; private set; }

    /// <summary>Gets the <c>params</c> object, or an undefined element when the message has none.</summary>
    public JsonElement Params { get; private set; }

    public string? ProtocolVersion { get; private set; }

    /// <summary>Gets or sets the calling agent's id, set by the policy layer once it has identified the caller, for later layers' reports.</summary>
    public string? AgentId { get; set; }

    /// <summary>Gets or sets the audit record of this tool call, which every layer's decisions go into; <see langword="null"/> when none is kept.</summary>
    public AuditRecord? Audit { get; set; }

    public bool UsesPerRequestMetadata => McpProtocol.UsesPerRequestMetadata(ProtocolVersion);

    public ReadOnlyMemory<byte> Body => _buffer.AsMemory(0, _length);

    public bool IsToolCall => Kind == McpMessageKind.Request && ReferenceEquals(Method, McpProtocol.ToolsCall);

    /// <summary>
    /// Parses a body read by <see cref="RequestBodyReader"/>. On success the request owns <paramref name="buffer"/>;
    /// on refusal the caller still does.
    /// </summary>
    public static McpRequest? Parse(HttpRequest httpRequest, byte[] buffer, int length, int maxDepth, out EnvelopeRefusal refusal)
    {
        ReadOnlyMemory<byte> json = buffer.AsMemory(0, length);

        // System.Text.Json stream reading (what the SDK uses) skips a UTF-8 BOM; the span parser does not.
        if (json.Span.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        // JsonDocument does not validate UTF-8 inside strings until they are read; check the whole body up front.
        if (!Utf8.IsValid(json.Span))
        {
            refusal = EnvelopeRefusal.BadRequest("invalid_utf8", "The POST body is not valid UTF-8.");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                MaxDepth = maxDepth,
                AllowDuplicateProperties = false,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
            });
        }
        catch (JsonException exception)
        {
            refusal = DescribeParseFailure(exception, maxDepth);
            return null;
        }

        var request = new McpRequest(httpRequest, maxDepth, buffer, length, document);
        if (!request.ReadEnvelope(out refusal))
        {
            // The refusal echoes the id, which must outlive the document; the caller keeps the buffer.
            refusal = refusal with { Id = refusal.Id.ValueKind == JsonValueKind.Undefined ? default : refusal.Id.Clone() };
            request._buffer = [];
            request.Dispose();
            return null;
        }

        return request;
    }

    /// <summary>
    /// Replaces the value of <c>params.arguments</c> with what <paramref name="writeArguments"/> writes (raw JSON),
    /// splicing it into the body so every other byte stays as it came, and hands the new body to the MCP endpoint.
    /// </summary>
    /// <remarks>
    /// The tool name is untouched, so <c>Mcp-Name</c> stays true. <c>Mcp-Param-*</c> headers mirror only arguments
    /// the tool declares (<c>x-mcp-header</c>), and callers remove only undeclared members, so those headers stay
    /// true as well; <c>Content-Length</c> is set to the new length.
    /// </remarks>
    public void ReplaceArguments<TState>(TState state, Action<PooledBufferWriter, TState> writeArguments)
    {
        ArgumentNullException.ThrowIfNull(writeArguments);
        if (!IsToolCall || Arguments.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("Only the arguments object of a tools/call request can be replaced.");
        }

        ReadOnlySpan<byte> body = _buffer.AsSpan(0, _length);
        if (!body.Overlaps(JsonMarshal.GetRawUtf8Value(Arguments), out int start))
        {
            throw new InvalidOperationException("The arguments do not belong to this body.");
        }

        int end = start + JsonMarshal.GetRawUtf8Value(Arguments).Length;
        var output = new PooledBufferWriter(_length);
        try
        {
            output.Write(body[..start]);
            writeArguments(output, state);
            output.Write(body[end..]);

            byte[] newBuffer = output.Detach(out int newLength);
            JsonDocument newDocument;
            try
            {
                newDocument = JsonDocument.Parse(newBuffer.AsMemory(0, newLength), new JsonDocumentOptions { MaxDepth = _maxDepth });
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(newBuffer);
                throw;
            }

            JsonDocument oldDocument = _document;
            byte[] oldBuffer = _buffer;
            _document = newDocument;
            _buffer = newBuffer;
            _length = newLength;
            oldDocument.Dispose();
            ArrayPool<byte>.Shared.Return(oldBuffer);

            if (!ReadEnvelope(out EnvelopeRefusal refusal))
            {
                throw new InvalidOperationException("The rewritten message is not valid: " + refusal.Message);
            }

            AttachBody();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// Registers a rewrite of the response to this request. The first registration puts the one response rewriter in
    /// place; the envelope completes it when the request is done.
    /// </summary>
    public void AddResponseTransform(ResponseTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (Kind != McpMessageKind.Request)
        {
            throw new InvalidOperationException("Only the response to a request can be rewritten.");
        }

        (_rewriter ??= new ResponseRewriter(_httpRequest.HttpContext, Id)).Add(transform);
    }

    /// <summary>
    /// Withdraws a rewrite registered with <see cref="AddResponseTransform"/> whose work was done before the response was
    /// written (a tool result sanitized where the SDK made it); with no rewrite left, the response passes through unread.
    /// </summary>
    public void WithdrawResponseTransform(ResponseTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        _rewriter?.Remove(transform);
    }

    /// <summary>Writes what the response rewriter still holds, if there is one.</summary>
    public Task FinishResponseAsync() => _rewriter?.FinishAsync() ?? Task.CompletedTask;

    /// <summary>Makes the parsed body the one the rest of the pipeline reads.</summary>
    public void AttachBody()
    {
        _httpRequest.Body = new MemoryStream(_buffer, 0, _length, writable: false);
        _httpRequest.ContentLength = _length;
    }

    public void Dispose()
    {
        _rewriter?.Dispose();
        _document.Dispose();
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static EnvelopeRefusal DescribeParseFailure(JsonException exception, int maxDepth)
    {
        // System.Text.Json reports these three failures with the same exception type; its messages are stable
        // across releases and are the only discriminator.
        string text = exception.Message;
        if (text.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            int open = text.IndexOf('\'', StringComparison.Ordinal);
            int close = open < 0 ? -1 : text.IndexOf('\'', open + 1);
            string name = close > open ? JsonText.ForMessage(text[(open + 1)..close]) : "?";
            return EnvelopeRefusal.BadRequest("duplicate_property",
                $"The JSON-RPC message repeats the property name '{name}'; each name may appear only once per object.");
        }

        if (text.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return EnvelopeRefusal.BadRequest("max_depth",
                $"The JSON-RPC message nests objects and arrays deeper than the limit of {maxDepth}.");
        }

        string position = exception.LineNumber is long line && exception.BytePositionInLine is long column
            ? $" (line {line + 1}, byte {column + 1})"
            : string.Empty;
        return EnvelopeRefusal.BadRequest("malformed_json", $"The POST body is not valid JSON{position}.");
    }

    private bool ReadEnvelope(out EnvelopeRefusal refusal)
    {
        JsonElement root = _document.RootElement;
        Kind = default;
        Id = default;
        Method = null;
        ToolName = null;
        Arguments = default;
        Params = default;
        ProtocolVersion = null;

        if (root.ValueKind == JsonValueKind.Array)
        {
            refusal = EnvelopeRefusal.BadRequest("batch", "JSON-RPC batches (a top-level array) are not supported; send one message per request.");
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            refusal = EnvelopeRefusal.BadRequest("not_an_object", "The POST body must be one JSON-RPC message object.");
            return false;
        }

        bool hasJsonRpc = false, hasId = false, hasResultOrError = false;
        JsonElement method = default;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            // Envelope keys are case-sensitive for the SDK as well; other keys are ignored by both.
            if (JsonText.NameEquals(property, "jsonrpc"u8))
            {
                hasJsonRpc = property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals("2.0"u8);
                if (!hasJsonRpc)
                {
                    refusal = EnvelopeRefusal.BadRequest("jsonrpc_version", "The message must carry \"jsonrpc\": \"2.0\".");
                    return false;
                }
            }
            else if (JsonText.NameEquals(property, "id"u8))
            {
                if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    refusal = EnvelopeRefusal.BadRequest("invalid_id", "The request id must be a string or a number (MCP forbids null ids).");
                    return false;
                }

                if (property.Value.ValueKind == JsonValueKind.String && !JsonText.TryGetString(property.Value, out _))
                {
                    refusal = EnvelopeRefusal.BadRequest("invalid_string", "The request id is not a valid Unicode string.");
                    return false;
                }

                hasId = true;
                Id = property.Value;
            }
            else if (JsonText.NameEquals(property, "method"u8))
            {
                method = property.Value;
            }
            else if (JsonText.NameEquals(property, "params"u8))
            {
                if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    refusal = EnvelopeRefusal.BadRequest("invalid_params", "\"params\" must be a JSON object.");
                    return false;
                }

                Params = property.Value.ValueKind == JsonValueKind.Object ? property.Value : default;
            }
            else if (JsonText.NameEquals(property, "result"u8) || JsonText.NameEquals(property, "error"u8))
            {
                hasResultOrError = true;
            }
        }

        if (!hasJsonRpc)
        {
            refusal = EnvelopeRefusal.BadRequest("jsonrpc_version", "The message must carry \"jsonrpc\": \"2.0\".");
            return false;
        }

        if (method.ValueKind == JsonValueKind.Undefined)
        {
            if (!hasResultOrError || !hasId)
            {
                refusal = EnvelopeRefusal.BadRequest("not_jsonrpc", "The message is neither a request (\"method\") nor a response (\"id\" with \"result\" or \"error\").");
                return false;
            }

            Kind = McpMessageKind.Response;
            refusal = default;
            return true;
        }

        if (method.ValueKind != JsonValueKind.String || !TryReadMethod(method, out string? methodName))
        {
            refusal = EnvelopeRefusal.BadRequest("invalid_method", "\"method\" must be a string.");
            return false;
        }

        Method = methodName;
        Kind = hasId ? McpMessageKind.Request : McpMessageKind.Notification;
        if (Kind == McpMessageKind.Notification && ReferenceEquals(Method, McpProtocol.ToolsCall))
        {
            // A call without an id could not be answered, and would otherwise pass unchecked.
            refusal = EnvelopeRefusal.BadRequest("missing_id", "tools/call is a request and must carry an \"id\".");
            return false;
        }

        if (Params.ValueKind == JsonValueKind.Object && !ReadParams(out refusal))
        {
            return false;
        }

        ProtocolVersion = ReadProtocolVersion();
        if (!CheckStandardHeaders(out refusal))
        {
            return false;
        }

        if (IsToolCall && ToolName is null)
        {
            refusal = EnvelopeRefusal.InvalidParams("tools/call requires \"params.name\": the name of the tool to call, as a string.", Id);
            return false;
        }

        refusal = default;
        return true;
    }

    private static bool TryReadMethod(JsonElement method, out string? name)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(method);

        // The raw value includes the quotes.
        if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0 && McpProtocol.KnownMethod(raw[1..^1]) is string known)
        {
            name = known;
            return true;
        }

        if (!JsonText.TryGetString(method, out string value))
        {
            name = null;
            return false;
        }

        // Keep the constant instance for known methods written with escapes, so reference checks hold.
        name = value switch
        {
            McpProtocol.ToolsCall => McpProtocol.ToolsCall,
            McpProtocol.ToolsList => McpProtocol.ToolsList,
            McpProtocol.Initialize => McpProtocol.Initialize,
            _ => value,
        };
        return true;
    }

    private bool ReadParams(out EnvelopeRefusal refusal)
    {
        // The SDK binds params members case-insensitively: two keys that differ only in case would be read
        // by it as one (last wins, or an error) while a case-sensitive reader sees two. Refuse them.
        if (FindCaseVariantKeys(Params) is (string first, string second))
        {
            refusal = EnvelopeRefusal.BadRequest("case_variant_params",
                $"\"params\" has the keys '{JsonText.ForMessage(first)}' and '{JsonText.ForMessage(second)}', which differ only in case; send each key once.");
            return false;
        }

        if (!IsToolCall)
        {
            refusal = default;
            return true;
        }

        foreach (JsonProperty property in Params.EnumerateObject())
        {
            if (JsonText.NameEqualsIgnoreCase(property, "name"))
            {
                if (property.Value.ValueKind != JsonValueKind.String || !JsonText.TryGetString(property.Value, out string name))
                {
                    refusal = EnvelopeRefusal.InvalidParams("\"params.name\" must be a string: the name of the tool to call.", Id);
                    return false;
                }

                ToolName = name;
            }
            else if (JsonText.NameEqualsIgnoreCase(property, "arguments"))
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Object:
                        Arguments = property.Value;
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        refusal = EnvelopeRefusal.InvalidParams("\"params.arguments\" must be a JSON object mapping argument names to values.", Id);
                        return false;
                }

            }
        }

        refusal = default;
        return true;
    }

    /// <summary>Finds two keys of an object that are equal under OrdinalIgnoreCase, in linear time for large objects.</summary>
    private static (string First, string Second)? FindCaseVariantKeys(JsonElement obj)
    {
        const int PairwiseLimit = 16;
        int count = 0;
        foreach (JsonProperty _ in obj.EnumerateObject())
        {
            count++;
        }

        if (count <= PairwiseLimit)
        {
            int index = 0;
            foreach (JsonProperty property in obj.EnumerateObject())
            {
                int other = 0;
                foreach (JsonProperty earlier in obj.EnumerateObject())
                {
                    if (other++ == index)
                    {
                        break;
                    }

                    if (JsonText.NamesCollideIgnoringCase(earlier, property))
                    {
                        return (NameOf(earlier), NameOf(property));
                    }
                }

                index++;
            }

            return null;
        }

        var seen = new Dictionary<string, string>(count, StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            string name = NameOf(property);
            if (!seen.TryAdd(name, name))
            {
                return (seen[name], name);
            }
        }

        return null;

        static string NameOf(JsonProperty property) => JsonText.TryGetName(property, out string name) ? name : "?";
    }

    private string? ReadProtocolVersion()
    {
        string? header = _httpRequest.Headers[McpProtocol.ProtocolVersionHeader];
        if (!string.IsNullOrEmpty(header))
        {
            return header;
        }

        // Enumerate rather than TryGetProperty: names with malformed escapes must not throw here.
        if (Params.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty member in Params.EnumerateObject())
            {
                if (!JsonText.NameEquals(member, "_meta"u8) || member.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (JsonProperty entry in member.Value.EnumerateObject())
                {
                    if (JsonText.NameEquals(entry, "io.modelcontextprotocol/protocolVersion"u8)
                        && entry.Value.ValueKind == JsonValueKind.String
                        && JsonText.TryGetString(entry.Value, out string value))
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// On 2026-07-28 and later the standard headers must agree with the body. The SDK checks this too; Airlock
    /// checks it first because its own answers (and the policy it applies) are keyed on the body.
    /// </summary>
    private bool CheckStandardHeaders(out EnvelopeRefusal refusal)
    {
        refusal = default;
        string? versionHeader = _httpRequest.Headers[McpProtocol.ProtocolVersionHeader];
        if (!McpProtocol.UsesPerRequestMetadata(versionHeader) || Kind == McpMessageKind.Response)
        {
            return true;
        }

        string? methodHeader = _httpRequest.Headers[McpProtocol.MethodHeader];
        if (methodHeader is null)
        {
            refusal = EnvelopeRefusal.HeaderMismatch("Missing required Mcp-Method header.", Id);
            return false;
        }

        if (!string.Equals(methodHeader.Trim(), Method, StringComparison.Ordinal))
        {
            refusal = EnvelopeRefusal.HeaderMismatch(
                $"Header mismatch: Mcp-Method header value '{JsonText.ForMessage(methodHeader)}' does not match body value '{JsonText.ForMessage(Method ?? string.Empty)}'.", Id);
            return false;
        }

        if (!IsToolCall || ToolName is null)
        {
            return true;
        }

        string? nameHeader = _httpRequest.Headers[McpProtocol.NameHeader];
        if (nameHeader is null)
        {
            refusal = EnvelopeRefusal.HeaderMismatch("Missing required Mcp-Name header.", Id);
            return false;
        }

        string? decoded = McpHeaderEncoder.DecodeValue(nameHeader.Trim());
        if (!string.Equals(decoded, ToolName, StringComparison.Ordinal))
        {
            refusal = EnvelopeRefusal.HeaderMismatch(
                $"Header mismatch: Mcp-Name header value '{JsonText.ForMessage(nameHeader)}' does not match body value '{JsonText.ForMessage(ToolName)}'.", Id);
            return false;
        }

        return true;
    }
}
