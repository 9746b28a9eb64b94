using AgentAirlock.Sandbox;
using AgentAirlock.Sanitization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock;

/// <summary>
/// Adds Airlock's call-tool filters to the MCP server's options, so that <c>AddAirlock</c> alone is enough. The
/// sanitizer's goes first, the outermost: it sees the result that every other filter, the sandbox's included, returns.
/// The sandbox's goes last, the innermost: the application's own filters run around a sandboxed call as around any
/// other, and only the tool's invocation itself is replaced. Post-configuration places them around the application's
/// filters; each filter (and what it needs) is created on the first call.
/// </summary>
internal sealed class AirlockFilterSetup : IPostConfigureOptions<McpServerOptions>
{
    private readonly IServiceProvider _services;

    public AirlockFilterSetup(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    public void PostConfigure(string? name, McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IList<McpRequestFilter<CallToolRequestParams, CallToolResult>> filters = options.Filters.Request.CallToolFilters;
        filters.Insert(0, CreatedOnFirstCall<SanitizerCallToolFilter>(static (filter, context, next, cancellationToken) =>
            filter.InvokeAsync(context, next, cancellationToken)));
        filters.Add(CreatedOnFirstCall<SandboxCallToolFilter>(static (filter, context, next, cancellationToken) =>
            filter.InvokeAsync(context, next, cancellationToken)));
    }

    private McpRequestFilter<CallToolRequestParams, CallToolResult> CreatedOnFirstCall<TFilter>(
        Func<TFilter, RequestContext<CallToolRequestParams>, McpRequestHandler<CallToolRequestParams, CallToolResult>, CancellationToken, ValueTask<CallToolResult>> invoke)
        where TFilter : class
    {
        TFilter? filter = null;
        return next => (context, cancellationToken) => invoke(filter ??= _services.GetRequiredService<TFilter>(), context, next, cancellationToken);
    }
}
