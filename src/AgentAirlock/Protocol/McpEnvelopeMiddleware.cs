using System.Buffers;
using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using AgentAirlock.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AgentAirlock.Protocol;

/// <summary>
/// Reads the body of an MCP POST once (size-bounded), parses it once, refuses what the SDK could read
/// differently, and shares the parsed message with later layers as <see cref="IMcpRequestFeature"/>.
/// It also applies the transport's <c>Origin</c> rule to every request on the MCP endpoint.
/// </summary>
internal sealed class McpEnvelopeMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AirlockOptionsAccessor _options;
    private readonly IDecisionSink _decisions;
    private readonly AuditTrail _audit;
    private readonly AirlockTelemetry _telemetry;
    private readonly IToolDirectory _tools;
    private readonly McpResponseWriter _writer;

    public McpEnvelopeMiddleware(
        RequestDelegate next,
        AirlockOptionsAccessor options,
        IDecisionSink decisions,
        AuditTrail audit,
        AirlockTelemetry telemetry,
        IToolDirectory tools,
        McpResponseWriter writer)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(writer);
        _next = next;
        _options = options;
        _decisions = decisions;
        _audit = audit;
        _telemetry = telemetry;
        _tools = tools;
        _writer = writer;
    }

    public Task InvokeAsync(HttpContext context)
    {
        AirlockOptions options = _options.Current;
        if (!options.Enabled || context.Features.Get<IMcpRequestFeature>() is not null)
        {
            return _next(context);
        }

        McpEndpointKind kind = McpEndpoints.Classify(context.GetEndpoint());
        if (kind == McpEndpointKind.None)
        {
            return _next(context);
        }

        string? origin = context.Request.Headers.Origin;
        if (origin is not null && !OriginPolicy.IsAllowed(origin, options.Envelope.AllowedOrigins))
        {
            return RefuseAsync(context, new EnvelopeRefusal(StatusCodes.Status403Forbidden, McpProtocol.InvalidRequest,
                $"Forbidden: the Origin '{JsonText.ForMessage(origin)}' is not allowed to call this MCP endpoint.", "origin_not_allowed"));
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return _next(context);
        }

        if (kind == McpEndpointKind.LegacySse)
        {
            // Answers to /message travel on the GET stream, where Airlock cannot put a refusal: fail closed.
            return RefuseAsync(context, EnvelopeRefusal.BadRequest("legacy_sse",
                "The deprecated HTTP+SSE transport is not protected by Airlock and is refused; use the streamable HTTP endpoint."));
        }

        return InspectAsync(context, options.Envelope);
    }

    private async Task InspectAsync(HttpContext context, EnvelopeOptions options)
    {
        long start = Stopwatch.GetTimestamp();
        HttpRequest request = context.Request;
        if (CheckContent(request) is EnvelopeRefusal contentRefusal)
        {
            await RefuseAsync(context, contentRefusal);
            return;
        }

        (byte[]? buffer, int length) = await RequestBodyReader.ReadAsync(request, options.MaxRequestBytes, context.RequestAborted);
        if (buffer is null)
        {
            await RefuseAsync(context, new EnvelopeRefusal(StatusCodes.Status413PayloadTooLarge, McpProtocol.InvalidRequest,
                $"Payload Too Large: the request body exceeds the limit of {options.MaxRequestBytes} bytes.", "body_too_large"));
            return;
        }

        McpRequest? message = McpRequest.Parse(request, buffer, length, options.MaxDepth, out EnvelopeRefusal refusal);
        if (message is null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await RefuseAsync(context, refusal);
            return;
        }

        context.Features.Set<IMcpRequestFeature>(message);
        message.AttachBody();
        bool audited = message.IsToolCall && _audit.Wanted;
        string? traceParent = message.IsToolCall && (audited || AirlockTelemetry.ActivitySource.HasListeners()) ? TraceParentOf(message.Params) : null;
        using Activity? activity = StartActivity(message, traceParent);
        AuditRecord? record = audited ? Begin(context, message, traceParent, start) : null;
        message.Audit = record;
        _telemetry.RecordLayer(AirlockLayer.Envelope, start);
        try
        {
            if (record is not null && _audit.Refusing)
            {
                record.Block(AirlockLayer.Audit, BlockReason.AuditUnavailable.ToWireName());
                await _writer.WriteBlockedAsync(context, message, AuditUnavailable(message.ToolName ?? string.Empty));
            }
            else
            {
                await _next(context);
                await message.FinishResponseAsync();
            }
        }
        catch (Exception exception) when (record is not null && Failed(record, exception, context.RequestAborted))
        {
            throw;
        }
        finally
        {
            if (record is not null)
            {
                record.Arguments = message.Arguments;
                Complete(context, record);
                activity?.SetTag("airlock.decision", record.DecisionName);
            }

            context.Features.Set<IMcpRequestFeature>(null);
            message.Dispose();
        }
    }

    private AuditRecord Begin(HttpContext context, McpRequest message, string? traceParent, long start)
    {
        string? tool = message.ToolName;
        return new AuditRecord(start)
        {
            RequestId = message.Id.ValueKind switch
            {
                JsonValueKind.String => message.Id.GetString(),
                JsonValueKind.Number => message.Id.GetRawText(),
                _ => null,
            },
            HttpRequestId = context.TraceIdentifier,
            SessionId = context.Request.Headers[McpProtocol.SessionIdHeader],
            Method = message.Method,
            Tool = tool,
            ToolKnown = tool is not null && _tools.Exists(tool),
            ProtocolVersion = message.ProtocolVersion,
            TraceParent = traceParent,
        };
    }

    /// <summary>Notes the exception on the record (an exception filter: the exception itself goes on unchanged).</summary>
    private static bool Failed(AuditRecord record, Exception exception, CancellationToken requestAborted)
    {
        // A client that hangs up while its answer is still being written does not make the call a failure of the server.
        if (requestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            record.ClientAborted = true;
        }
        else
        {
            record.Fail(exception.GetType().Name);
        }

        return false;
    }

    private static BlockedAnswer AuditUnavailable(string tool)
    {
        var answer = new BlockedAnswer(BlockReason.AuditUnavailable, tool,
            $"Tool '{JsonText.ForMessage(tool)}' was not called: the audit trail cannot record calls right now, and calls are refused until it can.");
        answer.FixHints.Add("Retry later: the refusal is temporary");
        answer.FixHints.Add("If it persists, tell the operator that Airlock's audit trail cannot be written");
        return answer;
    }

    /// <summary>The caller's W3C trace context from <c>params._meta</c> (2026-07-28), which the call's span continues.</summary>
    private static string? TraceParentOf(JsonElement parameters) =>
        parameters.ValueKind == JsonValueKind.Object
        && parameters.TryGetProperty("_meta"u8, out JsonElement meta) && meta.ValueKind == JsonValueKind.Object
        && meta.TryGetProperty("traceparent"u8, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static EnvelopeRefusal? CheckContent(HttpRequest request)
    {
        // Airlock refuses what it cannot inspect itself rather than relying on the SDK to refuse it later.
        // The common exact value needs no parsing.
        string? contentType = request.ContentType;
        if (!string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed)
                || !(parsed.MatchesMediaType("application/json") || parsed.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            {
                return new EnvelopeRefusal(StatusCodes.Status415UnsupportedMediaType, McpProtocol.InvalidRequest,
                    "Unsupported Media Type: the body of an MCP POST must be application/json.", "unsupported_media_type");
            }

            if (parsed.Charset.HasValue
                && !parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                && !parsed.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return EnvelopeRefusal.BadRequest("invalid_utf8",
                    $"The body must be UTF-8; charset '{JsonText.ForMessage(parsed.Charset.ToString())}' is not accepted.");
            }
        }

        foreach (string? coding in request.Headers.ContentEncoding)
        {
            if (!string.IsNullOrWhiteSpace(coding) && !coding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                return EnvelopeRefusal.BadRequest("compressed_body",
                    $"A compressed body (Content-Encoding: {JsonText.ForMessage(coding.Trim())}) cannot be inspected; send it uncompressed.");
            }
        }

        return null;
    }

    private async Task RefuseAsync(HttpContext context, EnvelopeRefusal refusal)
    {
        // A refused request is on record too: what an agent tried matters most when it was refused.
        AuditRecord? record = _audit.Wanted ? new AuditRecord(Stopwatch.GetTimestamp()) { HttpRequestId = context.TraceIdentifier } : null;
        _decisions.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Envelope,
            Outcome = DecisionOutcome.Refused,
            Reason = refusal.Reason,
            Call = record,
        });
        await McpResponseWriter.WriteErrorAsync(context, refusal.Id, refusal.StatusCode, refusal.ErrorCode, refusal.Message);
        if (record is not null)
        {
            Complete(context, record);
        }
    }

    private void Complete(HttpContext context, AuditRecord record)
    {
        if (record.AgentId is null && context.User.Identity is ClaimsIdentity { IsAuthenticated: true } identity)
        {
            // Without the policy layer nobody named the caller: the authentication scheme's name and role claims do.
            record.AgentId = identity.Name;
            record.Roles = [.. identity.FindAll(identity.RoleClaimType).Select(c => c.Value)];
        }

        _audit.Complete(record, context.Response.StatusCode);
    }

    /// <summary>
    /// Starts the span of the call, named and tagged as the OpenTelemetry semantic conventions for MCP name them
    /// (<c>tools/call get_customer</c>, <c>mcp.method.name</c>, <c>gen_ai.tool.name</c>); a child of the caller's
    /// trace when the request carries one in <c>params._meta</c>.
    /// </summary>
    private Activity? StartActivity(McpRequest message, string? traceParent)
    {
        ActivitySource source = AirlockTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        string? tool = message.ToolName is { } name && _tools.Exists(name) ? name : null;
        string method = message.Method ?? "response";
        string spanName = tool is null ? method : method + " " + tool;
        Activity? activity = traceParent is not null && ActivityContext.TryParse(traceParent, null, out ActivityContext parent)
            ? source.StartActivity(spanName, ActivityKind.Internal, parent)
            : source.StartActivity(spanName, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("mcp.method.name", message.Method);
        if (tool is not null)
        {
            activity.SetTag("gen_ai.tool.name", tool);
            activity.SetTag("gen_ai.operation.name", "execute_tool");
        }

        if (message.ProtocolVersion is not null)
        {
            activity.SetTag("mcp.protocol.version", message.ProtocolVersion);
        }

        if (message.Id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            activity.SetTag("jsonrpc.request.id", message.Id.ToString());
        }

        return activity;
    }
}
