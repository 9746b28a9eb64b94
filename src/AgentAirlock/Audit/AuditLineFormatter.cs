using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Serilog.Events;

namespace AgentAirlock.Audit;

/// <summary>
/// Formats the part of an audit line that does not depend on the chain, on the thread that logs the event: the time
/// and the event's properties, as JSON. The file sink's writer adds the sequence, the previous hash and the hash.
/// </summary>
internal static class AuditLineFormatter
{
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

    /// <summary>
    /// Formats <c>{"Time":"…"</c> followed by <c>,"Name":value</c> for each property of the event (no closing brace),
    /// into a rented array the record then owns; <see cref="AuditPendingLine.SequenceOffset"/> is where the sequence goes.
    /// </summary>
    public static AuditPendingLine Format(LogEvent logEvent, string period)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return Format(logEvent.Timestamp, period, logEvent, static (writer, logEvent) =>
        {
            foreach ((string name, LogEventPropertyValue value) in logEvent.Properties)
            {
                if (name is "Time" or "Sequence" or "PreviousHash" or "Hash")
                {
                    continue;
                }

                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
        });
    }

    /// <summary>
    /// Formats <c>{"Time":"…"</c> followed by the members <paramref name="writeMembers"/> writes (no closing brace), as
    /// <see cref="Format(LogEvent, string)"/> does for the properties of an event.
    /// </summary>
    public static AuditPendingLine Format<TState>(DateTimeOffset time, string period, TState state, Action<Utf8JsonWriter, TState> writeMembers)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(writeMembers);
        (ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer) = t_writer ??= Create();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("Time"u8, time.UtcDateTime);
        writer.Flush();
        int sequenceOffset = buffer.WrittenCount;
        writeMembers(writer, state);
        writer.Flush();
        byte[] bytes = ArrayPool<byte>.Shared.Rent(buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(bytes);
        return new AuditPendingLine(bytes, buffer.WrittenCount, sequenceOffset, period);
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) Create()
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        return (buffer, new Utf8JsonWriter(buffer));
    }

    private static void WriteValue(Utf8JsonWriter writer, LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue scalar:
                WriteScalar(writer, scalar.Value);
                break;
            case SequenceValue sequence:
                writer.WriteStartArray();
                foreach (LogEventPropertyValue item in sequence.Elements)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case StructureValue structure:
                writer.WriteStartObject();
                foreach (LogEventProperty property in structure.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    WriteValue(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                writer.WriteStartObject();
                foreach ((ScalarValue key, LogEventPropertyValue item) in dictionary.Elements)
                {
                    writer.WritePropertyName(Convert.ToString(key.Value, CultureInfo.InvariantCulture) ?? "null");
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                break;
            case DateTime time:
                writer.WriteStringValue(time);
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
