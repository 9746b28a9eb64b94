using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;

namespace AgentAirlock.Sanitization;

/// <summary>
/// Masks the sensitive values of one <c>tools/call</c> result and truncates its text: every <c>text</c> block, the
/// text of embedded resources, and every string anywhere in <c>structuredContent</c>. Only the strings that change are
/// re-encoded; every other byte of the message is written as it came, and a clean result is not rewritten at all.
/// </summary>
internal sealed class ResultSanitizer
{
    private readonly TextSanitizer _text;
    private readonly SanitizerSettings.ToolScope _scope;
    private readonly Action<IReadOnlyList<Redaction>, bool, long> _report;
    private readonly AirlockTelemetry? _telemetry;

    public ResultSanitizer(TextSanitizer text, SanitizerSettings.ToolScope scope, Action<IReadOnlyList<Redaction>, bool, long> report, AirlockTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(report);
        _text = text;
        _scope = scope;
        _report = report;
        _telemetry = telemetry;
    }

    /// <summary>The <see cref="ResponseTransform"/>: writes the sanitized message, or returns <see langword="false"/> when it is clean.</summary>
    public bool Write(JsonElement message, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!message.TryGetProperty("result"u8, out JsonElement result) || result.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        long start = Stopwatch.GetTimestamp();

        using var pass = new SanitizationPass(_text, _text.Scanner, _scope, "structuredContent");
        if (result.TryGetProperty("content"u8, out JsonElement content) && content.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement block in content.EnumerateArray())
            {
                pass.VisitBlock(block, index++);
            }
        }

        if (result.TryGetProperty("structuredContent"u8, out JsonElement structured))
        {
            pass.VisitStructured(structured);
        }

        if (!pass.Changed)
        {
            // A clean result is no decision to report; its scan still counts in the layer's latency.
            _telemetry?.RecordLayer(AirlockLayer.Sanitizer, start);
            return false;
        }

        pass.WriteMessage(JsonMarshal.GetRawUtf8Value(message), output);
        _report(pass.Redactions, pass.Truncated, start);
        return true;
    }
}
