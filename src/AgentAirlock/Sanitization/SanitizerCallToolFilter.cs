using System.Text.Json;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Sanitization;

/// <summary>
/// Sanitizes the result of a tool of this server where the SDK makes it, before it is serialized, and withdraws the
/// byte-level rewrite of the response that the sanitizer layer registered for the call: the result is then neither
/// parsed back nor rewritten. It acts only for the very call the layer saw (same HTTP request, JSON-RPC id and tool);
/// anything else, a result the SDK makes outside the filters (a tool that throws) included, is left to the rewrite.
/// </summary>
internal sealed class SanitizerCallToolFilter
{
    private readonly IHttpContextAccessor _httpContext;

    public SanitizerCallToolFilter(IHttpContextAccessor httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        _httpContext = httpContext;
    }

    public ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return _httpContext.HttpContext?.Features is { } features
            && features.Get<ResultSanitizer>() is { } sanitizer
            && features.Get<IMcpRequestFeature>() is McpRequest request
            && IsSameCall(request, context)
            ? SanitizeAsync(context, next, sanitizer, request, cancellationToken)
            : next(context, cancellationToken);
    }

    private static async ValueTask<CallToolResult> SanitizeAsync(
        RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        ResultSanitizer sanitizer,
        McpRequest request,
        CancellationToken cancellationToken)
    {
        CallToolResult result = await next(context, cancellationToken).ConfigureAwait(false);
        CallToolResult sanitized = sanitizer.Sanitize(result);
        request.WithdrawResponseTransform(sanitizer.Transform);
        return sanitized;
    }

    /// <summary>Whether the SDK's call is the one the envelope parsed: its JSON-RPC id and tool name.</summary>
    private static bool IsSameCall(McpRequest request, RequestContext<CallToolRequestParams> context)
    {
        if (!string.Equals(context.Params?.Name, request.ToolName, StringComparison.Ordinal))
        {
            return false;
        }

        JsonElement id = request.Id;
        return context.JsonRpcRequest.Id.Id switch
        {
            string text => id.ValueKind == JsonValueKind.String && id.ValueEquals(text),
            long number => id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out long parsed) && parsed == number,
            _ => false,
        };
    }
}
