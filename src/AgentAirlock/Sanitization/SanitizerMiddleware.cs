using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Sanitization;

/// <summary>
/// The sanitizer layer: the result of every <c>tools/call</c> leaves with its personal data and secrets masked and its
/// text cut to the configured length; optionally, calls whose arguments carry a secret are refused or masked first.
/// </summary>
internal sealed class SanitizerMiddleware
{
    private const string ArgumentsRoot = "arguments";

    private readonly RequestDelegate _next;
    private readonly AirlockOptionsAccessor _options;
    private readonly SanitizerSettingsProvider _settings;
    private readonly McpResponseWriter _writer;
    private readonly IDecisionSink _decisions;
    private readonly IToolDirectory _tools;
    private readonly AirlockTelemetry _telemetry;

    public SanitizerMiddleware(
        RequestDelegate next,
        AirlockOptionsAccessor options,
        SanitizerSettingsProvider settings,
        McpResponseWriter writer,
        IDecisionSink decisions,
        IToolDirectory tools,
        AirlockTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(telemetry);
        _telemetry = telemetry;
        _next = next;
        _options = options;
        _settings = settings;
        _writer = writer;
        _decisions = decisions;
        _tools = tools;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IMcpRequestFeature>() is not McpRequest request || !request.IsToolCall || request.ToolName is not string tool)
        {
            return _next(context);
        }

        SanitizerOptions options = _options.Current.Sanitizer;
        if (!options.Enabled && options.Arguments == ArgumentSecretsMode.Off)
        {
            return _next(context);
        }

        SanitizerSettings settings = _settings.For(options);
        if (options.Arguments != ArgumentSecretsMode.Off && request.Arguments.ValueKind == JsonValueKind.Object
            && CheckArguments(request, tool, settings, options.Arguments) is BlockedAnswer refusal)
        {
            return _writer.WriteBlockedAsync(context, request, refusal);
        }

        if (options.Enabled && !settings.IsAllowedTool(tool))
        {
            var sanitizer = new ResultSanitizer(settings.Text, settings.For(tool), (redactions, truncated, started) => _decisions.Report(DecisionFor(request, tool) with
            {
                Outcome = DecisionOutcome.Masked,
                Reason = redactions.Count > 0 ? "output_sanitized" : "output_truncated",
                Redactions = redactions,
                Truncated = truncated,
                Started = started,
            }), _telemetry);
            request.AddResponseTransform(sanitizer.Transform);
            context.Features.Set(sanitizer);
        }

        return _next(context);
    }

    /// <summary>
    /// Scans the string arguments for secrets: a call carrying one is refused (<see cref="ArgumentSecretsMode.Block"/>) or
    /// goes on with the secrets masked (<see cref="ArgumentSecretsMode.Mask"/>). Personal data is not looked for here:
    /// it is what many tools are legitimately called with.
    /// </summary>
    private BlockedAnswer? CheckArguments(McpRequest request, string tool, SanitizerSettings settings, ArgumentSecretsMode mode)
    {
        using var pass = new SanitizationPass(settings.Text, settings.ArgumentScanner, settings.Default, ArgumentsRoot);
        pass.VisitStructured(request.Arguments);
        if (!pass.Changed)
        {
            return null;
        }

        List<Redaction> found = pass.Redactions;
        if (mode == ArgumentSecretsMode.Mask)
        {
            request.ReplaceArguments(
                (Pass: pass, Arguments: request.Arguments),
                static (output, state) => state.Pass.WriteMessage(JsonMarshal.GetRawUtf8Value(state.Arguments), output));
            _decisions.Report(DecisionFor(request, tool) with
            {
                Outcome = DecisionOutcome.Masked,
                Reason = BlockReason.SecretInArguments.ToWireName(),
                Redactions = [.. found],
            });
            return null;
        }

        string[] names = [.. found.Select(r => ArgumentName(r.Location)).Distinct(StringComparer.Ordinal)];
        string[] types = [.. found.Select(r => r.Type).Distinct(StringComparer.Ordinal)];
        var answer = new BlockedAnswer(BlockReason.SecretInArguments, tool,
            $"Tool '{JsonText.ForMessage(tool)}' was not called: its arguments carry a secret ({string.Join(", ", types)}) in "
            + string.Join(", ", names.Select(n => $"'{JsonText.ForMessage(n)}'")) + ". Airlock does not pass credentials to tools.");
        foreach (string name in names)
        {
            answer.BlockedArguments.Add(name);
            answer.FixHints.Add($"Remove the secret from '{JsonText.ForMessage(name)}' and call again; a tool never needs credentials in its arguments.");
        }

        answer.Metadata["secret_types"] = new JsonArray([.. types.Select(t => (JsonNode?)JsonValue.Create(t))]);
        _decisions.Report(DecisionFor(request, tool) with
        {
            Outcome = DecisionOutcome.Blocked,
            Reason = BlockReason.SecretInArguments.ToWireName(),
            ArgumentNames = names,
            Redactions = [.. found],
        });
        return answer;
    }

    private static string ArgumentName(string location) =>
        location.Length > ArgumentsRoot.Length + 1 ? location[(ArgumentsRoot.Length + 1)..] : location;

    private AirlockDecision DecisionFor(McpRequest request, string tool) => new()
    {
        Layer = AirlockLayer.Sanitizer,
        Outcome = DecisionOutcome.Allowed,
        Method = request.Method,
        ToolName = tool,
        ToolKnown = _tools.Exists(tool),
        AgentId = request.AgentId,
        Call = request.Audit,
    };
}
