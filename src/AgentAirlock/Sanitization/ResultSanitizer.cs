using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Sanitization;

/// <summary>
/// Masks the sensitive values of one <c>tools/call</c> result and truncates its text: every <c>text</c> block, the
/// text of embedded resources, and every string anywhere in <c>structuredContent</c>. Only the strings that change are
/// re-encoded; every other byte of the message is written as it came, and a clean result is not rewritten at all.
/// A result made by a tool of this server is sanitized before the SDK serializes it (<see cref="Sanitize"/>, from the
/// call-tool filter), which then withdraws the byte-level rewrite (<see cref="Write"/>) that any other result gets.
/// </summary>
internal sealed class ResultSanitizer
{
    private const string StructuredRoot = "structuredContent";

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
        Transform = Write;
    }

    /// <summary>Gets the transform registered on the request (one delegate, so that it can be withdrawn).</summary>
    public ResponseTransform Transform { get; }

    /// <summary>
    /// Sanitizes a result before it is serialized, as <see cref="Write"/> does a serialized one: returns the result
    /// itself when it is clean, else a copy with the changed blocks and structured content replaced (the tool's own
    /// objects are left as they are).
    /// </summary>
    public CallToolResult Sanitize(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        long start = Stopwatch.GetTimestamp();

        using var pass = new SanitizationPass(_text, _text.Scanner, _scope, StructuredRoot);
        // Content is declared non-null, but a tool compiled without nullable checks can still return a result without it.
        IList<ContentBlock> content = result.Content ?? [];
        List<ContentBlock>? sanitizedContent = null;
        for (int index = 0; index < content.Count; index++)
        {
            ContentBlock block = content[index];
            ContentBlock sanitized = block switch
            {
                TextContentBlock { Text: string text } textBlock when pass.SanitizeText(text, index, "text") is string masked =>
                    new TextContentBlock { Text = masked, Annotations = textBlock.Annotations, Meta = textBlock.Meta },
                EmbeddedResourceBlock { Resource: TextResourceContents { Text: string text } resource } resourceBlock
                    when pass.SanitizeText(text, index, "resource.text") is string masked =>
                    new EmbeddedResourceBlock
                    {
                        Resource = new TextResourceContents { Uri = resource.Uri, MimeType = resource.MimeType, Meta = resource.Meta, Text = masked },
                        Annotations = resourceBlock.Annotations,
                        Meta = resourceBlock.Meta,
                    },
                _ => block,
            };

            if (!ReferenceEquals(sanitized, block))
            {
                (sanitizedContent ??= [.. content])[index] = sanitized;
            }
        }

        JsonElement? structured = result.StructuredContent;
        if (structured is JsonElement value)
        {
            pass.VisitStructured(value);
            if (pass.HasEdits)
            {
                ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
                using var output = new PooledBufferWriter(raw.Length);
                pass.WriteMessage(raw, output);
                structured = JsonElement.Parse(output.WrittenSpan);
            }
        }

        if (!pass.Changed)
        {
            _telemetry?.RecordLayer(AirlockLayer.Sanitizer, start);
            return result;
        }

        _report(pass.Redactions, pass.Truncated, start);
        return new CallToolResult
        {
            Content = sanitizedContent ?? result.Content!,
            StructuredContent = structured,
            IsError = result.IsError,
            Meta = result.Meta,
            ResultType = result.ResultType,
        };
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

        using var pass = new SanitizationPass(_text, _text.Scanner, _scope, StructuredRoot);
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
