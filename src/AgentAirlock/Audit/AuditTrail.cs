using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
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
    private static readonly ScalarValue NullValue = new(null);
    private static readonly ScalarValue TrueValue = new(true);
    private static readonly string[] TypeNames = ["undefined", "object", "array", "string", "number", "boolean", "boolean", "null"];

    private readonly AirlockOptionsAccessor _options;
    private readonly TimeProvider _time;
    private readonly AirlockTelemetry _telemetry;
    private readonly ISensitiveTextMasker? _masker;
    private readonly ILogger _logger;
    // The logger of the sinks configured in Airlock:Audit:Serilog, the file among them; null when the file is the only sink.
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
        IConfiguration? section = sections.LastOrDefault()?.Section;
        if (section is not null && Configures(section.GetSection(SerilogSection)))
        {
            // The configured sinks, and whatever enrichers or filters come with them, share one logger with the file.
            _audit = new LoggerConfiguration().MinimumLevel.Verbose().AuditTo.Sink(File)
                .ReadFrom.Configuration(section, new ConfigurationReaderOptions { SectionName = SerilogSection })
                .CreateLogger();
        }

        LogAuditing(_logger, path, audit.FailureMode);
    }

    /// <summary>
    /// Whether the Serilog section sets anything: a section of empty placeholders (<c>"WriteTo": []</c>, as the shipped
    /// settings have) adds no sink, enricher or filter.
    /// </summary>
    private static bool Configures(IConfigurationSection serilog) =>
        serilog.AsEnumerable().Any(setting => !string.IsNullOrEmpty(setting.Value));

    /// <summary>Gets whether records are written.</summary>
    [MemberNotNullWhen(true, nameof(File))]
    public bool Enabled => File is not null;

    /// <summary>Gets Airlock's own audit file sink, when records are written.</summary>
    public AuditFileSink? File { get; }

    /// <summary>Gets whether tool calls are to be refused: the last record could not be written and the failure mode is Closed.</summary>
    public bool Refusing => (_failing || File?.Failing == true) && _options.Current.Audit.FailureMode == AuditFailureMode.Closed;

    /// <summary>Gets whether a record is wanted at all: written, or counted in metrics someone listens to.</summary>
    public bool Wanted => File is not null || _telemetry.ToolCalls.Enabled || _telemetry.Blocks.Enabled;

    /// <summary>Counts the call and writes its record; never throws.</summary>
    public void Complete(AuditRecord record, int httpStatus)
    {
        ArgumentNullException.ThrowIfNull(record);
        Count(record);
        if (File is null)
        {
            return;
        }

        try
        {
            // Airlock's file sink queues the line (its writer reports a failed write itself); an exception here comes
            // from building the record or from a sink configured in Airlock:Audit:Serilog under AuditTo.
            DateTimeOffset time = _time.GetUtcNow();
            double durationMs = Math.Round(Stopwatch.GetElapsedTime(record.StartTimestamp).TotalMilliseconds, 3);
            if (_audit is not null)
            {
                _audit.Write(ToEvent(record, httpStatus, time, durationMs));
            }
            else
            {
                // With no other sink, nothing but the file reads the record: its line is written straight from it,
                // the same line the event would make, without building the event.
                File.Write(time, (Trail: this, Record: record, HttpStatus: httpStatus, DurationMs: durationMs), static (writer, state) =>
                {
                    var members = new JsonMembers(writer);
                    state.Trail.WriteMembers(state.Record, state.HttpStatus, state.DurationMs, ref members);
                });
            }
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

    public void Dispose()
    {
        // The logger disposes the file with its other sinks; without one, the file is disposed here (once, either way).
        _audit?.Dispose();
        File?.Dispose();
    }

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

    /// <summary>The record as a Serilog event, for the sinks configured in <c>Airlock:Audit:Serilog</c> and the file beside them.</summary>
    private LogEvent ToEvent(AuditRecord record, int httpStatus, DateTimeOffset time, double durationMs)
    {
        var members = new EventMembers(new Dictionary<string, LogEventPropertyValue>(24, StringComparer.Ordinal));
        WriteMembers(record, httpStatus, durationMs, ref members);
        // The properties are built here already: assembling the event from them spares a copy of every property.
        return LogEvent.UnstableAssembleFromParts(time, LogEventLevel.Information, null, Template, members.Properties, default, default);
    }

    /// <summary>The members of the record, in the order of its line; the one place that says what a record holds.</summary>
    private void WriteMembers<TWriter>(AuditRecord record, int httpStatus, double durationMs, ref TWriter writer)
        where TWriter : struct, IAuditMemberWriter
    {
        StringIfSet(ref writer, "RequestId", record.RequestId is null ? null : MaskOnce(JsonText.ForMessage(record.RequestId)));
        StringIfSet(ref writer, "HttpRequestId", record.HttpRequestId);
        StringIfSet(ref writer, "SessionId", record.SessionId is null ? null : JsonText.ForMessage(record.SessionId));
        writer.String("AgentId", record.AgentId);
        writer.StartList("Roles");
        IReadOnlyList<string> roles = record.Roles ?? [];
        for (int i = 0; i < roles.Count; i++)
        {
            writer.Item(roles[i]);
        }

        writer.EndList();
        writer.String("Method", record.Method);
        StringIfSet(ref writer, "Tool", record.Tool is null ? null : Mask(record.Tool));
        writer.String("Decision", record.DecisionName);
        StringIfSet(ref writer, "Layer", record.LayerName);
        StringIfSet(ref writer, "BlockReason", record.BlockReason);
        writer.Number("HttpStatus", httpStatus);
        WriteArguments(record.Arguments, ref writer);
        if (record.StrippedArguments is { Count: > 0 } stripped)
        {
            writer.StartList("StrippedArguments");
            for (int i = 0; i < stripped.Count; i++)
            {
                writer.Item(Mask(stripped[i]));
            }

            writer.EndList();
        }

        if (record.Redactions is { Count: > 0 } redactions)
        {
            writer.Counts("Redactions", redactions);
        }

        TrueIfSet(ref writer, "Truncated", record.Truncated);
        StringIfSet(ref writer, "SandboxBackend", record.SandboxBackend);
        StringIfSet(ref writer, "SandboxOutcome", record.SandboxOutcome);
        TrueIfSet(ref writer, "Degraded", record.Degraded);
        TrueIfSet(ref writer, "ClientAborted", record.ClientAborted);
        writer.Number("DurationMs", durationMs);
        StringIfSet(ref writer, "ProtocolVersion", record.ProtocolVersion);
        StringIfSet(ref writer, "TraceId", TraceOf(record));
    }

    /// <summary>A member that is left out when it has no value.</summary>
    private static void StringIfSet<TWriter>(ref TWriter writer, string name, string? value)
        where TWriter : struct, IAuditMemberWriter
    {
        if (value is not null)
        {
            writer.String(name, value);
        }
    }

    private static void TrueIfSet<TWriter>(ref TWriter writer, string name, bool set)
        where TWriter : struct, IAuditMemberWriter
    {
        if (set)
        {
            writer.True(name);
        }
    }

    private void WriteArguments<TWriter>(JsonElement arguments, ref TWriter writer)
        where TWriter : struct, IAuditMemberWriter
    {
        writer.StartList("Arguments");
        if (arguments.ValueKind == JsonValueKind.Object)
        {
            byte[]? key = DigestKey();
            foreach (JsonProperty argument in arguments.EnumerateObject())
            {
                writer.Argument(Mask(argument.Name), TypeNames[(int)argument.Value.ValueKind], key is null ? null : Digest(key, argument.Value));
            }
        }

        writer.EndList();
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
    /// A name with its sensitive values masked. Tool and argument names repeat from call to call, so what each came to
    /// is remembered (up to a bound, as names are chosen by callers).
    /// </summary>
    private string Mask(string name)
    {
        if (_masker is null)
        {
            return name;
        }

        if (_masked.TryGetValue(name, out string? known))
        {
            return known;
        }

        string result = MaskOnce(name);
        if (_masked.Count < MaxRememberedNames)
        {
            _masked.TryAdd(name, result);
        }

        return result;
    }

    /// <summary>
    /// A text that seldom repeats (a request id) with its sensitive values masked, not remembered: it would take the
    /// room of the names.
    /// </summary>
    private string MaskOnce(string text) => _masker is not null && _masker.TryMask(text, out string masked) ? masked : text;

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

    /// <summary>Writes the members as the JSON of the file's line.</summary>
    private readonly struct JsonMembers(Utf8JsonWriter writer) : IAuditMemberWriter
    {
        public void String(string name, string? value)
        {
            if (value is null)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, value);
            }
        }

        public void Number(string name, int value) => writer.WriteNumber(name, value);

        public void Number(string name, double value) => writer.WriteNumber(name, value);

        public void True(string name) => writer.WriteBoolean(name, true);

        public void StartList(string name) => writer.WriteStartArray(name);

        public void Item(string value) => writer.WriteStringValue(value);

        public void Argument(string name, string type, string? digest)
        {
            writer.WriteStartObject();
            writer.WriteString("Name"u8, name);
            writer.WriteString("Type"u8, type);
            if (digest is not null)
            {
                writer.WriteString("Digest"u8, digest);
            }

            writer.WriteEndObject();
        }

        public void EndList() => writer.WriteEndArray();

        public void Counts(string name, Dictionary<string, int> counts)
        {
            writer.WriteStartObject(name);
            foreach ((string key, int count) in counts)
            {
                writer.WriteNumber(key, count);
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>Collects the members as the properties of a Serilog event, in order.</summary>
    private struct EventMembers(Dictionary<string, LogEventPropertyValue> properties) : IAuditMemberWriter
    {
        private string? _list;
        private List<LogEventPropertyValue>? _items;

        public readonly Dictionary<string, LogEventPropertyValue> Properties => properties;

        public readonly void String(string name, string? value) => properties[name] = value is null ? NullValue : new ScalarValue(value);

        public readonly void Number(string name, int value) => properties[name] = new ScalarValue(value);

        public readonly void Number(string name, double value) => properties[name] = new ScalarValue(value);

        public readonly void True(string name) => properties[name] = TrueValue;

        public void StartList(string name)
        {
            _list = name;
            _items = [];
        }

        public readonly void Item(string value) => _items!.Add(new ScalarValue(value));

        public readonly void Argument(string name, string type, string? digest)
        {
            List<LogEventProperty> members = [new("Name", new ScalarValue(name)), new("Type", new ScalarValue(type))];
            if (digest is not null)
            {
                members.Add(new("Digest", new ScalarValue(digest)));
            }

            _items!.Add(new StructureValue(members));
        }

        public void EndList()
        {
            properties[_list!] = new SequenceValue(_items!);
            _list = null;
            _items = null;
        }

        public readonly void Counts(string name, Dictionary<string, int> counts) => properties[name] = new DictionaryValue(counts.Select(c =>
            new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(c.Key), new ScalarValue(c.Value))));
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
