using AgentAirlock.Audit;
using Serilog.Core;
using Serilog.Events;

namespace AgentAirlock.Sanitization;

/// <summary>
/// A Serilog enricher that runs the sanitizer's detectors over the properties of every event Airlock logs (source
/// context <c>AgentAirlock…</c>) and replaces each string that holds a sensitive value by its masked form, so the
/// rendered message is masked too. Registered in the services: a host picks it up with
/// <c>ReadFrom.Services(services)</c>.
/// </summary>
/// <remarks>
/// Airlock's messages are written to hold names, never values; this is the second line of defence, for names an
/// agent invented (a ghost argument called like a token) and for whatever a future message might carry.
/// </remarks>
internal sealed class LogMaskingEnricher : ILogEventEnricher
{
    private const string SourceContext = "SourceContext";
    private const string AirlockPrefix = "AgentAirlock";

    private readonly ISensitiveTextMasker _masker;

    public LogMaskingEnricher(ISensitiveTextMasker masker)
    {
        ArgumentNullException.ThrowIfNull(masker);
        _masker = masker;
    }

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (!logEvent.Properties.TryGetValue(SourceContext, out LogEventPropertyValue? source)
            || source is not ScalarValue { Value: string context }
            || !context.StartsWith(AirlockPrefix, StringComparison.Ordinal))
        {
            return;
        }

        List<LogEventProperty>? masked = null;
        foreach ((string name, LogEventPropertyValue value) in logEvent.Properties)
        {
            if (name != SourceContext && Mask(value) is { } replacement)
            {
                (masked ??= []).Add(new LogEventProperty(name, replacement));
            }
        }

        if (masked is not null)
        {
            foreach (LogEventProperty property in masked)
            {
                logEvent.AddOrUpdateProperty(property);
            }
        }
    }

    /// <summary>The value with its strings masked, or <see langword="null"/> when nothing in it needed masking.</summary>
    private LogEventPropertyValue? Mask(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                return _masker.TryMask(text, out string masked) ? new ScalarValue(masked) : null;
            case SequenceValue sequence:
                LogEventPropertyValue[]? elements = MaskAll(sequence.Elements);
                return elements is null ? null : new SequenceValue(elements);
            case StructureValue structure:
                LogEventProperty[]? properties = null;
                for (int i = 0; i < structure.Properties.Count; i++)
                {
                    if (Mask(structure.Properties[i].Value) is { } item)
                    {
                        properties ??= [.. structure.Properties];
                        properties[i] = new LogEventProperty(structure.Properties[i].Name, item);
                    }
                }

                return properties is null ? null : new StructureValue(properties, structure.TypeTag);
            case DictionaryValue dictionary:
                bool changed = false;
                var entries = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
                foreach ((ScalarValue key, LogEventPropertyValue item) in dictionary.Elements)
                {
                    LogEventPropertyValue? maskedItem = Mask(item);
                    changed |= maskedItem is not null;
                    entries.Add(new(key, maskedItem ?? item));
                }

                return changed ? new DictionaryValue(entries) : null;
            default:
                return null;
        }
    }

    private LogEventPropertyValue[]? MaskAll(IReadOnlyList<LogEventPropertyValue> values)
    {
        LogEventPropertyValue[]? result = null;
        for (int i = 0; i < values.Count; i++)
        {
            if (Mask(values[i]) is { } item)
            {
                result ??= [.. values];
                result[i] = item;
            }
        }

        return result;
    }
}
