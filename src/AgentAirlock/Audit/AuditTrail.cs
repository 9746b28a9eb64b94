using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using AgentAirlock.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using ILogger = Microsoft.Extensions.Logging.ILogger;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;
using Serilog.Settings.Configuration;

namespace AgentAirlock.Audit;

/// <summary>
/// Writes one audit record per tool call through a Serilog logger of its own: to Airlock's hash-chained file
/// (<see cref="AuditFileSink"/>, which reports the lines it could not write) and to the sinks configured in
/// <c>Airlock:Audit:Serilog</c> (those under <c>AuditTo</c> throw when they fail). Either failure counts and, in the
/// Closed failure mode, refuses tool calls until records are written again. It also counts every call and refusal,
/// with or without a file.
/// </summary>
internal sealed partial class AuditTrail : IDisposable
{
    private const string SerilogSection = "Audit:Serilog";
    private const int MaxRememberedNames = 4096;
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("Airlock {Decision} {Method} {Tool} for agent {AgentId}");
    private static readonly ScalarValue Null = new(null);
    private static readonly ScalarValue True = new(true);
    private static readonly string[] TypeNames = ["undefined", "object", "array", "string", "number", "boolean", "boolean", "null"];

    private readonly AirlockOptionsAccessor _options;
    private readonly TimeProvider _time;
    private readonly AirlockTelemetry _telemetry;
    private readonly ISensitiveTextMasker? _masker;
    private readonly ILogger _logger;
    private readonly Logger? _audit;
    private readonly ConcurrentDictionary<string, string> _masked = new(StringComparer.Ordinal);
    private (AuditOptions Options, byte[]? Key) _digestKey;
    private volatile bool _failing;
    private long _lastFailureLogged = long.MinValue;

    public AuditTrail(
        AirlockOptionsAccessor options,
        TimeProvider time,
        AirlockTelemetry telemetry,
        IEnumerable<AirlockConfigurationSection> sections,
        IEnumerable<ISensitiveTextMasker> maskers,
        ILogger<AuditTrail> logger,
        IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(maskers);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _time = time;
        _telemetry = telemetry;
        _masker = maskers.LastOrDefault();
        _logger = logger;

        AuditOptions audit = options.Current.Audit;
        if (!audit.Enabled)
        {
            return;
        }

        string path = Path.IsPathRooted(audit.Path) || environment is null ? audit.Path : Path.Combine(environment.ContentRootPath, audit.Path);
        File = new AuditFileSink(path, audit.RollingInterval, audit.FileSizeLimitBytes)
        {
            LinesLost = (count, exception) => Lost(count, exception),
            Recovered = () => LogRecovered(_logger),
        };
        LoggerConfiguration configuration = new LoggerConfiguration().MinimumLevel.Verbose().AuditTo.Sink(File);
        IConfiguration? section = sections.LastOrDefault()?.Section;
        if (section is not null && section.GetSection(SerilogSection).Exists())
        {
            configuration.ReadFrom.Configuration(section, new ConfigurationReaderOptions { SectionName = SerilogSection });
        }

        _audit = configuration.CreateLogger();
        LogAuditing(_logger, path, audit.FailureMode);
    }

    /// <summary>Gets whether records are written.</summary>
    public bool Enabled => _audit is not null;

    /// <summary>Gets Airlock's own audit file sink, when records are written.</summary>
    public AuditFileSink? File { get; }

    /// <summary>Gets whether tool calls are to be refused: the last record could not be written and the failure mode is Closed.</summary>
    public bool Refusing => (_failing || File?.Failing == true) && _options.Current.Audit.FailureMode == AuditFailureMode.Closed;

    /// <summary>Gets whether a record is wanted at all: written, or counted in metrics someone listens to.</summary>
    public bool Wanted => _audit is not null || _telemetry.ToolCalls.Enabled || _telemetry.Blocks.Enabled;

    /// <summary>Counts the call and writes its record; never throws.</summary>
    public void Complete(AuditRecord record, int httpStatus)
    {
        ArgumentNullException.ThrowIfNull(record);
        Count(record);
        if (_audit is null)
        {
            return;
        }

        try
        {
            // Airlock's file sink queues the line (its writer reports a failed write itself); an exception here comes
            // from building the event or from a sink configured in Airlock:Audit:Serilog under AuditTo.
            _audit.Write(ToEvent(record, httpStatus));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _failing = true;
            Lost(1, exception);
            return;
        }

        _telemetry.AuditRecords.Add(1);
        if (_failing)
        {
            _failing = false;
            LogRecovered(_logger);
        }
    }

    public void Dispose() => _audit?.Dispose();

    private void Count(AuditRecord record)
    {
        string? tool = record.Tool is null ? null : record.ToolKnown ? record.Tool : "_unknown";
        if (_telemetry.ToolCalls.Enabled)
        {
            _telemetry.ToolCalls.Add(1,
                new KeyValuePair<string, object?>("gen_ai.tool.name", tool),
                new KeyValuePair<string, object?>("airlock.decision", record.DecisionName));
        }

        if (record.Decision is CallDecision.Blocked or CallDecision.Refused && _telemetry.Blocks.Enabled)
        {
            _telemetry.Blocks.Add(1,
                new KeyValuePair<string, object?>("airlock.layer", record.LayerName),
                new KeyValuePair<string, object?>("airlock.reason", record.BlockReason));
        }
    }

    private void Lost(int count, Exception exception)
    {
        AuditFailureMode mode = _options.Current.Audit.FailureMode;
        _telemetry.AuditLost.Add(count, new KeyValuePair<string, object?>("airlock.audit.failure_mode", mode == AuditFailureMode.Closed ? "closed" : "open"));

        // Once a second at most: a failing disk must not flood the log it may share.
        long now = Stopwatch.GetTimestamp();
        long last = Interlocked.Read(ref _lastFailureLogged);
        if (last == long.MinValue || Stopwatch.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(1))
        {
            Interlocked.Exchange(ref _lastFailureLogged, now);
            Exception cause = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
            LogWriteFailed(_logger, mode, cause.GetType().Name, cause.Message);
        }
    }

    private LogEvent ToEvent(AuditRecord record, int httpStatus)
    {
        var properties = new Dictionary<string, LogEventPropertyValue>(24, StringComparer.Ordinal);
        Add(properties, "RequestId", record.RequestId is null ? null : Mask(JsonText.ForMessage(record.RequestId)));
        Add(properties, "HttpRequestId", record.HttpRequestId);
        Add(properties, "SessionId", record.SessionId is null ? null : JsonText.ForMessage(record.SessionId));
        properties["AgentId"] = record.AgentId is null ? Null : new ScalarValue(record.AgentId);
        properties["Roles"] = new SequenceValue(record.Roles is null ? [] : record.Roles.Select(r => new ScalarValue(r)));
        properties["Method"] = record.Method is null ? Null : new ScalarValue(record.Method);
        Add(properties, "Tool", record.Tool is null ? null : Mask(record.Tool));
        properties["Decision"] = new ScalarValue(record.DecisionName);
        Add(properties, "Layer", record.LayerName);
        Add(properties, "BlockReason", record.BlockReason);
        properties["HttpStatus"] = new ScalarValue(httpStatus);
        properties["Arguments"] = Arguments(record.Arguments);
        if (record.StrippedArguments is { Count: > 0 } stripped)
        {
            properties["StrippedArguments"] = new SequenceValue(stripped.Select(name => new ScalarValue(Mask(name))));
        }

        if (record.Redactions is { Count: > 0 } redactions)
        {
            properties["Redactions"] = new DictionaryValue(redactions.Select(r =>
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(r.Key), new ScalarValue(r.Value))));
        }

        if (record.Truncated)
        {
            properties["Truncated"] = True;
        }

        Add(properties, "SandboxBackend", record.SandboxBackend);
        Add(properties, "SandboxOutcome", record.SandboxOutcome);
        if (record.Degraded)
        {
            properties["Degraded"] = True;
        }

        if (record.ClientAborted)
        {
            properties["ClientAborted"] = True;
        }

        double milliseconds = Math.Round(Stopwatch.GetElapsedTime(record.StartTimestamp).TotalMilliseconds, 3);
        properties["DurationMs"] = new ScalarValue(milliseconds);
        Add(properties, "ProtocolVersion", record.ProtocolVersion);
        Add(properties, "TraceId", TraceOf(record));
        // The properties are built here already: assembling the event from them spares a copy of every property.
        return LogEvent.UnstableAssembleFromParts(_time.GetUtcNow(), LogEventLevel.Information, null, Template, properties, default, default);
    }

    private static void Add(Dictionary<string, LogEventPropertyValue> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = new ScalarValue(value);
        }
    }

    private SequenceValue Arguments(JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return new SequenceValue([]);
        }

        byte[]? key = DigestKey();
        var items = new List<StructureValue>();
        foreach (JsonProperty argument in arguments.EnumerateObject())
        {
            var members = new List<LogEventProperty>(3)
            {
                new("Name", new ScalarValue(Mask(argument.Name))),
                new("Type", new ScalarValue(TypeNames[(int)argument.Value.ValueKind])),
            };
            if (key is not null)
            {
                members.Add(new LogEventProperty("Digest", new ScalarValue(Digest(key, argument.Value))));
            }

            items.Add(new StructureValue(members));
        }

        return new SequenceValue(items);
    }

    private static string Digest(byte[] key, JsonElement value)
    {
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, JsonMarshal.GetRawUtf8Value(value), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>The digest key of the options in force, decoded once per version of the options.</summary>
    private byte[]? DigestKey()
    {
        AuditOptions options = _options.Current.Audit;
        (AuditOptions Options, byte[]? Key) cached = _digestKey;
        if (!ReferenceEquals(cached.Options, options))
        {
            cached = (options, options.ArgumentDigests && !string.IsNullOrWhiteSpace(options.DigestKey) ? Convert.FromBase64String(options.DigestKey.Trim()) : null);
            _digestKey = cached;
        }

        return cached.Key;
    }

    /// <summary>
    /// The text with its sensitive values masked. Tool and argument names repeat from call to call, so what each came to
    /// is remembered (up to a bound, as names are chosen by callers).
    /// </summary>
    private string Mask(string text)
    {
        if (_masker is null)
        {
            return text;
        }

        if (_masked.TryGetValue(text, out string? known))
        {
            return known;
        }

        string result = _masker.TryMask(text, out string masked) ? masked : text;
        if (_masked.Count < MaxRememberedNames)
        {
            _masked.TryAdd(text, result);
        }

        return result;
    }

    /// <summary>The trace of the call: its span's, or the caller's <c>traceparent</c> when no span was recorded.</summary>
    private static string? TraceOf(AuditRecord record)
    {
        if (Activity.Current is { } activity && activity.IdFormat == ActivityIdFormat.W3C)
        {
            return activity.TraceId.ToHexString();
        }

        return record.TraceParent is { } parent && ActivityContext.TryParse(parent, null, out ActivityContext context)
            ? context.TraceId.ToHexString()
            : null;
    }

    [LoggerMessage(EventId = 80, EventName = "AirlockAuditing", Level = LogLevel.Information,
        Message = "Airlock writes an audit record of every tool call to {Path} (failure mode {FailureMode})")]
    private static partial void LogAuditing(ILogger logger, string path, AuditFailureMode failureMode);

    [LoggerMessage(EventId = 81, EventName = "AirlockAuditWriteFailed", Level = LogLevel.Error,
        Message = "Airlock could not write an audit record (failure mode {FailureMode}): {ExceptionType}: {ExceptionMessage}")]
    private static partial void LogWriteFailed(ILogger logger, AuditFailureMode failureMode, string exceptionType, string exceptionMessage);

    [LoggerMessage(EventId = 82, EventName = "AirlockAuditRecovered", Level = LogLevel.Warning,
        Message = "Airlock writes audit records again")]
    private static partial void LogRecovered(ILogger logger);
}
