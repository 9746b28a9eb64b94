using System.Diagnostics;
using System.Text.Json;
using AgentAirlock.Protocol;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Audit;

/// <summary>
/// Sends each decision to a structured log event, the current <see cref="Activity"/> and the
/// <c>airlock.decisions</c> counter.
/// </summary>
internal sealed partial class DecisionSink : IDecisionSink
{
    private const string UnknownTool = "_unknown";
    private const string NoMethod = "(no method)";
    private const string NoTool = "(no tool)";
    private const string AnonymousAgent = "(anonymous)";
    private static readonly string[] OutcomeNames = ["allowed", "stripped", "blocked", "refused", "masked", "sandboxed"];

    private readonly ILogger _logger;
    private readonly AirlockTelemetry _telemetry;

    public DecisionSink(ILogger<DecisionSink> logger, AirlockTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(telemetry);
        _logger = logger;
        _telemetry = telemetry;
    }

    public void Report(in AirlockDecision decision)
    {
        decision.Call?.Apply(decision);
        string layer = decision.Layer.ToName();
        string outcome = OutcomeNames[(int)decision.Outcome];

        // Tool names of unknown tools are invented by the caller: unbounded, so never a metric dimension.
        string? tool = decision.ToolName is null ? null : decision.ToolKnown ? decision.ToolName : UnknownTool;

        if (_telemetry.Decisions.Enabled)
        {
            var tags = new TagList
            {
                { "airlock.layer", layer },
                { "airlock.outcome", outcome },
            };
            if (decision.Reason is not null)
            {
                tags.Add("airlock.reason", decision.Reason);
            }

            if (tool is not null)
            {
                tags.Add("gen_ai.tool.name", tool);
            }

            if (decision.Degraded)
            {
                tags.Add("airlock.degraded", true);
            }

            _telemetry.Decisions.Add(1, tags);
        }

        if (decision.Redactions is { Count: > 0 } redactions && _telemetry.Redactions.Enabled)
        {
            foreach (Redaction redaction in redactions)
            {
                _telemetry.Redactions.Add(1, new KeyValuePair<string, object?>("airlock.redaction.type", redaction.Type));
            }
        }

        if (decision.Started != 0)
        {
            _telemetry.RecordLayer(decision.Layer, decision.Started);
            RecordLayerSpan(decision, layer, outcome, tool);
        }

        if (Activity.Current is { } activity && activity.Source == AirlockTelemetry.ActivitySource)
        {
            activity.SetTag("airlock.outcome", outcome);
            activity.SetTag("airlock." + layer + ".outcome", outcome);
            if (decision.Reason is not null)
            {
                activity.SetTag("airlock.reason", decision.Reason);
            }

            if (tool is not null)
            {
                activity.SetTag("gen_ai.tool.name", tool);
            }

            if (decision.AgentId is not null)
            {
                activity.SetTag("gen_ai.agent.id", decision.AgentId);
            }

            if (decision.Degraded)
            {
                activity.SetTag("airlock.degraded", true);
            }

            if (decision.Redactions is { Count: > 0 })
            {
                activity.SetTag("airlock.redactions", decision.Redactions.Count);
            }

            if (decision.SandboxBackend is not null)
            {
                activity.SetTag("airlock.sandbox.backend", decision.SandboxBackend);
                activity.SetTag("airlock.sandbox.status", decision.SandboxStatus);
            }

            if (decision.Outcome is DecisionOutcome.Blocked or DecisionOutcome.Refused)
            {
                activity.SetStatus(ActivityStatusCode.Error, decision.Reason);
            }
        }

        LogLevel level = decision.Outcome == DecisionOutcome.Allowed || decision.Quiet ? LogLevel.Debug : LogLevel.Information;
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        if (decision.Outcome == DecisionOutcome.Masked)
        {
            IReadOnlyList<Redaction> masked = decision.Redactions ?? [];
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                Redaction.CountByType(masked, counts);
                string[] locations = [.. masked.Select(r => r.Type + " at " + r.Location)];
                LogMasked(_logger, layer, outcome, decision.Method ?? NoMethod, decision.ToolName ?? NoTool, decision.AgentId ?? AnonymousAgent, masked.Count,
                    counts, locations, decision.Truncated);
            }

            return;
        }

        IReadOnlyList<string> arguments = decision.ArgumentNames ?? NamesOf(decision.Arguments);

        // Placeholders rather than nulls, so that a rendered line reads "refused initialize (no tool) for agent (anonymous)".
        string method = decision.Method ?? NoMethod;
        string toolName = decision.ToolName ?? NoTool;
        string agent = decision.AgentId ?? AnonymousAgent;
        switch (decision.Outcome)
        {
            case DecisionOutcome.Allowed:
                LogAllowed(_logger, layer, method, toolName, agent, arguments);
                break;
            case DecisionOutcome.Sandboxed:
            case DecisionOutcome.Blocked when decision.SandboxBackend is not null:
                double milliseconds = Math.Round(decision.Duration.GetValueOrDefault().TotalMilliseconds, 1);
                LogSandboxed(_logger, outcome, toolName, agent, decision.SandboxBackend ?? "?", decision.SandboxStatus ?? "?", milliseconds, arguments);
                break;
            case DecisionOutcome.Stripped when decision.Quiet:
                LogStrippedQuietly(_logger, layer, toolName, agent, arguments);
                break;
            case DecisionOutcome.Stripped:
                LogStripped(_logger, layer, toolName, agent, arguments);
                break;
            default:
                LogRefused(_logger, layer, outcome, decision.Reason, method, toolName, agent, arguments);
                break;
        }
    }

    /// <summary>
    /// The span of the layer's work on the message, a child of the call's span, from when the layer began to its decision:
    /// made once the decision is known, so that it carries it.
    /// </summary>
    private static void RecordLayerSpan(in AirlockDecision decision, string layer, string outcome, string? tool)
    {
        ActivitySource source = AirlockTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return;
        }

        DateTimeOffset end = DateTimeOffset.UtcNow;
        DateTimeOffset start = end - Stopwatch.GetElapsedTime(decision.Started);
        using Activity? span = source.StartActivity(AirlockTelemetry.LayerSpanName(decision.Layer), ActivityKind.Internal, parentContext: default, startTime: start);
        if (span is null)
        {
            return;
        }

        span.SetTag("airlock.layer", layer);
        span.SetTag("airlock.outcome", outcome);
        if (decision.Reason is not null)
        {
            span.SetTag("airlock.reason", decision.Reason);
        }

        if (tool is not null)
        {
            span.SetTag("gen_ai.tool.name", tool);
        }

        if (decision.Outcome is DecisionOutcome.Blocked or DecisionOutcome.Refused)
        {
            span.SetTag("error.type", decision.Reason);
            span.SetStatus(ActivityStatusCode.Error, decision.Reason);
        }

        span.SetEndTime(end.UtcDateTime);
    }

    private static List<string> NamesOf(JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var names = new List<string>();
        foreach (JsonProperty property in arguments.EnumerateObject())
        {
            names.Add(JsonText.TryGetName(property, out string name) ? JsonText.ForMessage(name) : "?");
        }

        return names;
    }

    [LoggerMessage(EventId = 1, EventName = "AirlockAllowed", Level = LogLevel.Debug,
        Message = "Airlock {Layer} allowed {Method} {Tool} for agent {AgentId} with arguments {Arguments}")]
    private static partial void LogAllowed(ILogger logger, string layer, string method, string tool, string agentId, IReadOnlyList<string> arguments);

    [LoggerMessage(EventId = 2, EventName = "AirlockStripped", Level = LogLevel.Information,
        Message = "Airlock {Layer} stripped undeclared arguments {Arguments} from a call to {Tool} by agent {AgentId}")]
    private static partial void LogStripped(ILogger logger, string layer, string tool, string agentId, IReadOnlyList<string> arguments);

    [LoggerMessage(EventId = 3, EventName = "AirlockStrippedQuietly", Level = LogLevel.Debug,
        Message = "Airlock {Layer} stripped undeclared arguments {Arguments} from a call to {Tool} by agent {AgentId}")]
    private static partial void LogStrippedQuietly(ILogger logger, string layer, string tool, string agentId, IReadOnlyList<string> arguments);

    [LoggerMessage(EventId = 4, EventName = "AirlockRefused", Level = LogLevel.Information,
        Message = "Airlock {Layer} {Outcome} {Method} {Tool} for agent {AgentId}: {Reason}; arguments {Arguments}")]
    private static partial void LogRefused(ILogger logger, string layer, string outcome, string? reason, string method, string tool, string agentId, IReadOnlyList<string> arguments);

    [LoggerMessage(EventId = 6, EventName = "AirlockSandboxed", Level = LogLevel.Information,
        Message = "Airlock sandbox {Outcome} {Tool} for agent {AgentId}: {Backend} {Status} in {DurationMs} ms; arguments {Arguments}")]
    private static partial void LogSandboxed(ILogger logger, string outcome, string tool, string agentId, string backend, string status, double durationMs,
        IReadOnlyList<string> arguments);

    [LoggerMessage(EventId = 5, EventName = "AirlockMasked", Level = LogLevel.Information,
        Message = "Airlock {Layer} {Outcome} {Count} value(s) in {Method} {Tool} for agent {AgentId}: {Counts} at {Locations}; truncated {Truncated}")]
    private static partial void LogMasked(ILogger logger, string layer, string outcome, string method, string tool, string agentId, int count,
        IReadOnlyDictionary<string, int> counts, IReadOnlyList<string> locations, bool truncated);
}
