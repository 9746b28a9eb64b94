using System.Text;
using System.Text.Json;
using AgentAirlock.Audit;
using Serilog.Events;
using Serilog.Parsing;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// A fresh temporary folder for one <see cref="AuditFileSink"/> test, deleted afterwards, with helpers that build Serilog
/// events directly and read back what the sink wrote.
/// </summary>
internal sealed class AuditSinkFolder : IDisposable
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public AuditSinkFolder() => Root = Directory.CreateTempSubdirectory("airlock-sink-").FullName;

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Writes the events one at a time (each written before the next) through a sink on <paramref name="name"/>, then disposes it.</summary>
    public void WriteEach(string name, AuditRollingInterval interval, long sizeLimit, IEnumerable<LogEvent> events)
    {
        using var sink = new AuditFileSink(PathOf(name), interval, sizeLimit);
        foreach (LogEvent logEvent in events)
        {
            sink.Emit(logEvent);
            sink.Flush();
        }
    }

    /// <summary>The names of the files in the folder, sorted ordinally (the sink's roll order for one period).</summary>
    public string[] FileNames() =>
        [.. Directory.GetFiles(Root).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    public static LogEvent Event(DateTimeOffset timestamp, params (string Name, LogEventPropertyValue Value)[] properties) =>
        new(timestamp, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"),
            properties.Select(p => new LogEventProperty(p.Name, p.Value)));

    public static LogEvent Event(params (string Name, object? Value)[] properties) =>
        Event(Noon, [.. properties.Select(p => (p.Name, (LogEventPropertyValue)new ScalarValue(p.Value)))]);

    public static LogEvent Numbered(int n, DateTimeOffset? timestamp = null, string? padding = null)
    {
        var properties = new List<(string, LogEventPropertyValue)> { ("N", new ScalarValue(n)) };
        if (padding is not null)
        {
            properties.Add(("Padding", new ScalarValue(padding)));
        }

        return Event(timestamp ?? Noon, [.. properties]);
    }

    /// <summary>The lines of a file, each without its line break; the text must end with one.</summary>
    public static string[] Lines(string path)
    {
        string text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n');
    }

    public static AuditLink Link(string line)
    {
        Assert.True(AuditChain.TryReadLink(Encoding.UTF8.GetBytes(line), out AuditLink link), "not a record: " + line);
        return link;
    }

    /// <summary>The member names of a record line, in the order written.</summary>
    public static string[] Names(string line)
    {
        using var document = JsonDocument.Parse(line);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>The raw JSON of one member of a record line.</summary>
    public static string Raw(string line, string name)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty(name).GetRawText();
    }

    public AuditVerificationResult Verify(params string[] names) =>
        AuditChainVerifier.Verify(names.Select(PathOf), requireGenesis: true);
}
