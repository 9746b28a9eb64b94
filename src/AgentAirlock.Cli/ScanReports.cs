using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Cli;

/// <summary>What <c>airlock scan</c> prints: one of the forms below, fed input by input.</summary>
internal interface IScanReport
{
    void Add(string name, ReadOnlySpan<byte> text, FindingList findings);

    void Complete(int totalFindings);
}

/// <summary>One line per finding: <c>path:line:column  TYPE  masked</c>.</summary>
internal sealed class TextScanReport(TextWriter output, ScanMasks masks) : IScanReport
{
    public void Add(string name, ReadOnlySpan<byte> text, FindingList findings)
    {
        var positions = new LinePositions();
        foreach (Finding finding in findings.Items)
        {
            (int line, int column) = positions.Locate(text, finding.Start);
            string masked = masks.Value(text.Slice(finding.Start, finding.Length), finding.Type);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}:{line}:{column}  {SensitiveDataLabels.Of(finding.Type)}  {Printable(masked)}"));
        }
    }

    public void Complete(int totalFindings)
    {
    }

    /// <summary>A mask keeps a value's separators, which could be a line break: one finding stays on one line.</summary>
    private static string Printable(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}

/// <summary>
/// One JSON document: <c>{"files":[{"path":…,"findings":[{"type","start","length","line","column","masked"}]}],"total":N}</c>,
/// offsets and lengths in bytes of the UTF-8 input.
/// </summary>
internal sealed class JsonScanReport : IScanReport, IDisposable
{
    private readonly TextWriter _output;
    private readonly ScanMasks _masks;
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public JsonScanReport(TextWriter output, ScanMasks masks)
    {
        _output = output;
        _masks = masks;

        // The document is read by tools, not embedded in HTML: paths and masks stay legible ("<stdin>", "+** …").
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _writer.WriteStartObject();
        _writer.WriteStartArray("files");
    }

    public void Add(string name, ReadOnlySpan<byte> text, FindingList findings)
    {
        var positions = new LinePositions();
        _writer.WriteStartObject();
        _writer.WriteString("path", name);
        _writer.WriteStartArray("findings");
        foreach (Finding finding in findings.Items)
        {
            (int line, int column) = positions.Locate(text, finding.Start);
            _writer.WriteStartObject();
            _writer.WriteString("type", SensitiveDataLabels.Of(finding.Type));
            _writer.WriteNumber("start", finding.Start);
            _writer.WriteNumber("length", finding.Length);
            _writer.WriteNumber("line", line);
            _writer.WriteNumber("column", column);
            _writer.WriteString("masked", _masks.Value(text.Slice(finding.Start, finding.Length), finding.Type));
            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        _writer.WriteEndObject();
    }

    public void Complete(int totalFindings)
    {
        _writer.WriteEndArray();
        _writer.WriteNumber("total", totalFindings);
        _writer.WriteEndObject();
        _writer.Flush();
        Utf8Text.Write(_output, _buffer.WrittenSpan);
        _output.WriteLine();
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>The inputs themselves, concatenated, with every finding masked.</summary>
internal sealed class MaskedTextReport(TextWriter output, ScanMasks masks) : IScanReport
{
    public void Add(string name, ReadOnlySpan<byte> text, FindingList findings) =>
        Utf8Text.Write(output, findings.Count == 0 ? text : masks.Text(text, findings));

    public void Complete(int totalFindings)
    {
    }
}
