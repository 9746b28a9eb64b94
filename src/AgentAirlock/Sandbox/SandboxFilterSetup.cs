using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace AgentAirlock.Sandbox;

/// <summary>
/// Adds Airlock's sandbox filter to the MCP server's call-tool filters, so that <c>AddAirlock</c> alone is enough for
/// sandboxed tools to leave the server process. It is added after every other filter (post-configuration), so it is
/// the innermost: the application's own filters run around a sandboxed call as around any other, and only the tool's
/// invocation itself is replaced. The filter (and the backend behind it) is created on the first call.
/// </summary>
internal sealed class SandboxFilterSetup : IPostConfigureOptions<McpServerOptions>
{
    private readonly IServiceProvider _services;

    public SandboxFilterSetup(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    public void PostConfigure(string? name, McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SandboxCallToolFilter? filter = null;
        options.Filters.Request.CallToolFilters.Add(next => (context, cancellationToken) =>
            (filter ??= _services.GetRequiredService<SandboxCallToolFilter>()).InvokeAsync(context, next, cancellationToken));
    }
}
