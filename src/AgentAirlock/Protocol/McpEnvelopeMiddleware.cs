using System.Buffers;
using System.Diagnostics;
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

    public McpEnvelopeMiddleware(RequestDelegate next, AirlockOptionsAccessor options, IDecisionSink decisions)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decisions);
        _next = next;
        _options = options;
        _decisions = decisions;
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
        using Activity? activity = StartActivity(message);
        try
        {
            await _next(context);
            await message.FinishResponseAsync();
        }
        finally
        {
            context.Features.Set<IMcpRequestFeature>(null);
            message.Dispose();
        }
    }

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

    private Task RefuseAsync(HttpContext context, EnvelopeRefusal refusal)
    {
        _decisions.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Envelope,
            Outcome = DecisionOutcome.Refused,
            Reason = refusal.Reason,
        });
        return McpResponseWriter.WriteErrorAsync(context, refusal.Id, refusal.StatusCode, refusal.ErrorCode, refusal.Message);
    }

    private static Activity? StartActivity(McpRequest message)
    {
        ActivitySource source = AirlockTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        Activity? activity = source.StartActivity("airlock " + (message.Method ?? "response"), ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("mcp.method.name", message.Method);
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
