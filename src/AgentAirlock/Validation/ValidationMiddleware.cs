using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Validation;

/// <summary>
/// The validation layer: a <c>tools/call</c> reaches the MCP SDK only with exactly the arguments its tool
/// declares, with exactly the declared types. Unknown tools get the SDK's -32602 error with the closest names;
/// every other refusal is a self-healing blocked answer.
/// </summary>
internal sealed class ValidationMiddleware
{
    private const int MaxToolSuggestions = 3;

    private readonly RequestDelegate _next;
    private readonly IToolCatalog _catalog;
    private readonly AirlockOptionsAccessor _options;
    private readonly McpResponseWriter _writer;
    private readonly IDecisionSink _decisions;

    public ValidationMiddleware(RequestDelegate next, IToolCatalog catalog, AirlockOptionsAccessor options, McpResponseWriter writer, IDecisionSink decisions)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decisions);
        _next = next;
        _catalog = catalog;
        _options = options;
        _writer = writer;
        _decisions = decisions;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IMcpRequestFeature>() is not McpRequest request || !request.IsToolCall || request.ToolName is not string toolName)
        {
            return _next(context);
        }

        long start = Stopwatch.GetTimestamp();
        if (!_catalog.TryGetTool(toolName, out ToolDescriptor? tool))
        {
            return RefuseUnknownToolAsync(context, request, toolName, start);
        }

        if (tool.Schema.Error is not null)
        {
            return BlockAsync(context, request, tool, ValidationAnswers.SchemaUnavailable(tool), [], start);
        }

        ValidationOptions options = _options.Current.Validation;
        options.PerTool.TryGetValue(tool.Name, out ToolValidationOptions? perTool);
        UnknownArgumentsMode mode = perTool?.UnknownArguments ?? tool.UnknownArguments ?? options.UnknownArguments;
        bool strictTypes = perTool?.StrictTypes ?? options.StrictTypes;

        ValidationScratch scratch = ValidationScratch.Rent(tool.Schema.Root, strictTypes);
        BlockedAnswer? refusal = null;
        List<string>? stripped = null;
        try
        {
            ArgumentValidator.Validate(request.Arguments, scratch);
            tool.FullValidator?.Validate(request.Arguments, scratch);
            List<ArgumentProblem> problems = scratch.Problems;
            if (problems.Count > 0)
            {
                if (mode != UnknownArgumentsMode.Reject && !scratch.HasNonGhostProblem)
                {
                    stripped = [.. problems.Select(p => p.Path)];
                    request.ReplaceArguments((tool.Schema.Root, request.Arguments), GhostArgumentStripper.Write);
                }
                else
                {
                    refusal = ValidationAnswers.Refuse(tool, scratch, ghostsStripped: mode != UnknownArgumentsMode.Reject);
                }
            }
        }
        finally
        {
            ValidationScratch.Return(scratch);
        }

        if (refusal is not null)
        {
            return BlockAsync(context, request, tool, refusal, [.. refusal.BlockedArguments], start);
        }

        _decisions.Report(stripped is null
            ? DecisionFor(request, tool, DecisionOutcome.Allowed, start) with { Arguments = request.Arguments }
            : DecisionFor(request, tool, DecisionOutcome.Stripped, start) with
            {
                Reason = BlockReason.GhostArguments.ToWireName(),
                ArgumentNames = stripped,
                Quiet = mode == UnknownArgumentsMode.StripSilently,
            });
        return _next(context);
    }

    private Task BlockAsync(HttpContext context, McpRequest request, ToolDescriptor tool, BlockedAnswer answer, IReadOnlyList<string> arguments, long start)
    {
        _decisions.Report(DecisionFor(request, tool, DecisionOutcome.Blocked, start) with
        {
            Reason = answer.Reason.ToWireName(),
            ArgumentNames = arguments,
        });
        return _writer.WriteBlockedAsync(context, request, answer);
    }

    private static AirlockDecision DecisionFor(McpRequest request, ToolDescriptor tool, DecisionOutcome outcome, long start) => new()
    {
        Layer = AirlockLayer.Validation,
        Outcome = outcome,
        Method = request.Method,
        ToolName = tool.Name,
        ToolKnown = true,
        Call = request.Audit,
        Started = start,
    };

    private Task RefuseUnknownToolAsync(HttpContext context, McpRequest request, string toolName, long start)
    {
        IReadOnlyList<string> closest = _catalog.FindClosestNames(toolName, MaxToolSuggestions);
        string message = $"Unknown tool: '{JsonText.ForMessage(toolName)}'";
        if (closest.Count > 0)
        {
            message += ". Did you mean " + string.Join(" or ", closest.Select(name => $"'{name}'")) + "?";
        }

        _decisions.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Validation,
            Outcome = DecisionOutcome.Refused,
            Reason = "unknown_tool",
            Method = request.Method,
            ToolName = toolName,
            ToolKnown = false,
            Call = request.Audit,
            Started = start,
        });
        var data = new JsonObject { ["closest"] = new JsonArray([.. closest.Select(name => (JsonNode?)JsonValue.Create(name))]) };
        return McpResponseWriter.WriteErrorAsync(context, request.Id, StatusCodes.Status200OK, McpProtocol.InvalidParams, message, data);
    }
}
