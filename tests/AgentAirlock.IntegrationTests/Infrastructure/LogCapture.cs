using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>A Serilog sink (picked up by the sample through ReadFrom.Services) that keeps every event.</summary>
internal sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Everything an event carries that a log store would keep: its message, template and every property.</summary>
    public static string Everything(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + "\n" + logEvent.MessageTemplate.Text + "\n"
            + string.Join("\n", logEvent.Properties.Select(p => p.Key + "=" + p.Value.ToString()))
            + "\n" + logEvent.Exception;
    }

    public static string? Scalar(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out LogEventPropertyValue? value) && value is ScalarValue { Value: var v } ? v?.ToString() : null;

    public static IReadOnlyList<string> Sequence(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out LogEventPropertyValue? value) && value is SequenceValue sequence
            ? [.. sequence.Elements.Select(e => e is ScalarValue { Value: var v } ? v?.ToString() ?? string.Empty : e.ToString())]
            : [];
}
