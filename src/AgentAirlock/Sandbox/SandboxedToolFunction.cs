using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Sandbox;

/// <summary>
/// The function behind a sandboxed tool's stand-in: it runs the invocation through the sandbox and returns the tool's
/// return value, rebuilt from the runner's answer, so that the SDK's own result conversion (text, content blocks,
/// structured content and its wrapping per protocol revision) shapes the answer exactly as it would in-process.
/// </summary>
internal sealed class SandboxedToolFunction : AIFunction
{
    private readonly SandboxedTool _tool;
    private readonly SandboxCallToolFilter _filter;

    public SandboxedToolFunction(SandboxedTool tool, SandboxCallToolFilter filter)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(filter);
        _tool = tool;
        _filter = filter;
    }

    public override string Name => _tool.Name;

    public override string Description => _tool.Source.ProtocolTool.Description ?? "";

    public override JsonElement JsonSchema => _tool.Source.ProtocolTool.InputSchema;

    public override JsonElement? ReturnJsonSchema => _tool.Source.ProtocolTool.OutputSchema;

    public override JsonSerializerOptions JsonSerializerOptions => McpJsonUtilities.DefaultOptions;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        // The SDK hands the request to functions through the per-request service provider.
        if (arguments.Services?.GetService(typeof(RequestContext<CallToolRequestParams>)) is not RequestContext<CallToolRequestParams> request)
        {
            throw new InvalidOperationException("A sandboxed tool was invoked outside an MCP request.");
        }

        return await _filter.RunAsync(_tool, request, cancellationToken).ConfigureAwait(false);
    }
}
