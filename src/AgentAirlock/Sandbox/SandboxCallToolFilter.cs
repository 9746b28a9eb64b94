using Microsoft.AspNetCore.Http;
using System.Diagnostics;
using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Sandbox;

/// <summary>
/// The SDK call-tool filter that runs sandboxed tools outside the server process. It sees the call after Airlock's
/// HTTP layers have validated it, serializes the invocation, runs it through the configured <see cref="ISandbox"/>,
/// and answers with the tool's result, or with the blocked answer (<c>sandbox_error</c>) and the specific cause.
/// A sandboxed tool never falls back to running in-process.
/// </summary>
internal sealed partial class SandboxCallToolFilter
{
    private readonly ISandbox _sandbox;
    private readonly AirlockOptionsAccessor _options;
    private readonly SandboxedToolSelector _selector;
    private readonly IDecisionSink _decisions;
    private readonly AirlockTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IHttpContextAccessor? _httpContext;

    public SandboxCallToolFilter(
        ISandbox sandbox,
        AirlockOptionsAccessor options,
        SandboxedToolSelector selector,
        IDecisionSink decisions,
        AirlockTelemetry telemetry,
        TimeProvider timeProvider,
        ILogger<SandboxCallToolFilter> logger,
        IHttpContextAccessor? httpContext = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _sandbox = sandbox;
        _options = options;
        _selector = selector;
        _decisions = decisions;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _logger = logger;
        _httpContext = httpContext;
    }

    public ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MatchedPrimitive is not McpServerTool tool ||
            !_selector.TryGetSandboxed(tool, _options.Current.Sandbox, out SandboxedTool? sandboxed))
        {
            return next(context, cancellationToken);
        }

        if (sandboxed.Problem is not null)
        {
            SandboxOutcome refusal = SandboxOutcome.Failed(SandboxStatus.Failed, "the tool cannot run in the sandbox: " + sandboxed.Problem, null, TimeSpan.Zero);
            Report(sandboxed, context, refusal);
            return ValueTask.FromResult(Blocked(sandboxed, refusal, sandboxed.LimitsFrom(_options.Current.Sandbox)));
        }

        // The stand-in lets the SDK shape the answer from the returned value, exactly as for the method in-process.
        McpServerTool standIn = sandboxed.StandIn ??= McpServerTool.Create(
            new SandboxedToolFunction(sandboxed, this),
            new McpServerToolCreateOptions
            {
                Name = sandboxed.Name,
                UseStructuredContent = sandboxed.DeclaresOutputSchema,
                OutputSchema = sandboxed.Source.ProtocolTool.OutputSchema,
                SerializerOptions = McpJsonUtilities.DefaultOptions,
            });
        return standIn.InvokeAsync(context, cancellationToken);
    }

    /// <summary>Runs one call in the sandbox; returns the tool's return value, or the blocked answer.</summary>
    public async ValueTask<object?> RunAsync(SandboxedTool tool, RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(context);
        SandboxOptions options = _options.Current.Sandbox;
        SandboxLimits limits = tool.LimitsFrom(options);
        MethodInfo method = tool.Method ?? throw new InvalidOperationException("Only tools without a problem are run.");
        Type type = method.DeclaringType!;
        var invocation = new SandboxInvocation(
            tool.Name, type.Assembly.Location, type.FullName!, method.Name, method.MetadataToken,
            ArgumentsObject(context.Params?.Arguments), limits);

        SandboxOutcome outcome;
        using (var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            Task progress = context.Params?.ProgressToken is { } token && options.ProgressIntervalMs > 0
                ? SendProgressAsync(context.Server, token, limits, TimeSpan.FromMilliseconds(options.ProgressIntervalMs), heartbeat.Token)
                : Task.CompletedTask;
            try
            {
                outcome = await _sandbox.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await heartbeat.CancelAsync().ConfigureAwait(false);
                await progress.ConfigureAwait(false);
            }
        }

        if (outcome.Status == SandboxStatus.Completed)
        {
            try
            {
                object? value = RunnerProtocol.ToReturnValue(outcome.Result);
                Report(tool, context, outcome);
                return value;
            }
            catch (JsonException)
            {
                outcome = SandboxOutcome.Failed(SandboxStatus.Failed, "the runner's answer could not be read", outcome.ExitCode, outcome.Duration);
            }
        }

        Report(tool, context, outcome);
        return Blocked(tool, outcome, limits);
    }

    private async Task SendProgressAsync(McpServer server, ProgressToken token, SandboxLimits limits, TimeSpan interval, CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        float total = (float)limits.Timeout.TotalSeconds;
        string message = "running in the " + _sandbox.Name + " sandbox";
        try
        {
            using var timer = new PeriodicTimer(interval, _timeProvider);
            do
            {
                float elapsed = (float)_timeProvider.GetElapsedTime(started).TotalSeconds;
                await server.NotifyProgressAsync(
                    token,
                    new ProgressNotificationValue { Progress = Math.Min(elapsed, total), Total = total, Message = message },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The tool finished: progress stops with it.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A client that stopped listening does not fail the call; the result still goes back on the request.
            string exceptionType = exception.GetType().Name;
            LogProgressFailed(_logger, exceptionType);
        }
    }

    private void Report(SandboxedTool tool, RequestContext<CallToolRequestParams> context, SandboxOutcome outcome)
    {
        bool completed = outcome.Status == SandboxStatus.Completed;
        string status = StatusName(outcome.Status);
        _decisions.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Sandbox,
            Outcome = completed ? DecisionOutcome.Sandboxed : DecisionOutcome.Blocked,
            Reason = completed ? null : BlockReason.SandboxError.ToWireName(),
            Method = McpProtocol.ToolsCall,
            ToolName = tool.Name,
            ToolKnown = true,
            AgentId = AgentIdOf(context.User),
            ArgumentNames = context.Params?.Arguments is { } arguments ? [.. arguments.Keys] : [],
            SandboxBackend = _sandbox.Name,
            SandboxStatus = status,
            Duration = outcome.Duration,

            // The SDK runs the tool in the HTTP request's execution context (unless PerSessionExecutionContext is set):
            // the call's audit record is found through it.
            Call = (_httpContext?.HttpContext?.Features.Get<IMcpRequestFeature>() as McpRequest)?.Audit,
            Started = Stopwatch.GetTimestamp() - (long)(outcome.Duration.TotalSeconds * Stopwatch.Frequency),
        });

        if (_telemetry.SandboxDuration.Enabled)
        {
            _telemetry.SandboxDuration.Record(
                outcome.Duration.TotalSeconds,
                new KeyValuePair<string, object?>("airlock.sandbox.backend", _sandbox.Name),
                new KeyValuePair<string, object?>("airlock.sandbox.status", status));
        }
    }

    private string? AgentIdOf(ClaimsPrincipal? user) =>
        user?.FindFirst(_options.Current.Policy.Identity.AgentIdClaimType)?.Value;

    private CallToolResult Blocked(SandboxedTool tool, SandboxOutcome outcome, SandboxLimits limits)
    {
        string detail = outcome.Detail ?? "no cause reported";
        string error = outcome.Status switch
        {
            SandboxStatus.ToolFailed => $"Tool '{tool.Name}' failed in the {_sandbox.Name} sandbox: {detail}",
            SandboxStatus.TimedOut or SandboxStatus.OutOfMemory or SandboxStatus.Killed =>
                $"Tool '{tool.Name}' was stopped by the {_sandbox.Name} sandbox: {detail}",
            _ => $"Tool '{tool.Name}' could not run in the {_sandbox.Name} sandbox: {detail}",
        };
        var answer = new BlockedAnswer(BlockReason.SandboxError, tool.Name, error);
        answer.FixHints.Add(outcome.Status switch
        {
            SandboxStatus.ToolFailed => "Check the arguments against the error above and call the tool again with corrected arguments.",
            SandboxStatus.TimedOut => string.Create(CultureInfo.InvariantCulture,
                $"Retry with a smaller input or a narrower request: the tool must finish within {limits.Timeout.TotalSeconds:0.###} s."),
            SandboxStatus.OutOfMemory => string.Create(CultureInfo.InvariantCulture,
                $"Retry with a smaller input: the tool may use at most {limits.MemoryMb} MiB."),
            SandboxStatus.Killed => "Retry with a smaller input or a request that produces less output.",
            SandboxStatus.Unavailable => "Do not retry now: the sandbox is unavailable on this server; the operator must fix it.",
            _ => "Do not retry the same call: it will fail the same way; the operator must fix the tool or the sandbox.",
        });
        answer.Metadata["sandbox_backend"] = _sandbox.Name;
        answer.Metadata["sandbox_status"] = StatusName(outcome.Status);
        if (outcome.ExitCode is int exitCode)
        {
            answer.Metadata["exit_code"] = exitCode;
        }

        answer.Metadata["duration_ms"] = Math.Round(outcome.Duration.TotalMilliseconds, 1);
        return answer.ToCallToolResult(tool.DeclaresOutputSchema);
    }

    internal static string StatusName(SandboxStatus status) => status switch
    {
        SandboxStatus.Completed => "completed",
        SandboxStatus.ToolFailed => "tool_error",
        SandboxStatus.TimedOut => "timed_out",
        SandboxStatus.OutOfMemory => "out_of_memory",
        SandboxStatus.Killed => "killed",
        SandboxStatus.Unavailable => "unavailable",
        SandboxStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static JsonElement ArgumentsObject(IDictionary<string, JsonElement>? arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (arguments is not null)
            {
                foreach (KeyValuePair<string, JsonElement> argument in arguments)
                {
                    writer.WritePropertyName(argument.Key);
                    argument.Value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    [LoggerMessage(EventId = 50, EventName = "AirlockSandboxProgressFailed", Level = LogLevel.Debug,
        Message = "Airlock sandbox could not send a progress notification ({ExceptionType}); the call goes on")]
    private static partial void LogProgressFailed(ILogger logger, string exceptionType);
}
