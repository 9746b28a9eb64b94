using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Protocol;

/// <summary>
/// A self-healing refusal: a tool result with <c>isError: true</c> whose text and structured content name what
/// was wrong and how to fix it, so the model can retry correctly.
/// </summary>
internal sealed class BlockedAnswer
{
    public const string Prefix = "AIRLOCK_BLOCK: ";

    public BlockedAnswer(BlockReason reason, string toolName, string error)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(error);
        Reason = reason;
        ToolName = toolName;
        Error = error.StartsWith(Prefix, StringComparison.Ordinal) ? error : Prefix + error;
    }

    public BlockReason Reason { get; }

    public string ToolName { get; }

    /// <summary>Gets the error, always starting with <see cref="Prefix"/>.</summary>
    public string Error { get; }

    public IList<string> FixHints { get; } = [];

    /// <summary>Gets the names of the arguments at fault (argument paths for nested members).</summary>
    public IList<string> BlockedArguments { get; } = [];

    /// <summary>Gets layer-specific details; never argument values.</summary>
    public JsonObject Metadata { get; } = [];

    /// <summary>Gets or sets when a retry may succeed, for refusals that pass with time (rate limits, time windows).</summary>
    public double? RetryAfterSeconds { get; set; }

    /// <summary>The text block: the error, then the suggested fixes as a list.</summary>
    public string ToText()
    {
        if (FixHints.Count == 0)
        {
            return Error;
        }

        var text = new StringBuilder(Error.Length + 64 * FixHints.Count);
        text.Append(Error).Append("\n\nSuggested fixes:");
        foreach (string hint in FixHints)
        {
            text.Append("\n- ").Append(hint);
        }

        return text.ToString();
    }

    /// <summary>Writes the block object (<c>success</c>, <c>status</c>, <c>block_reason</c>, …) that follows the text.</summary>
    public void WriteBlock(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteBoolean("success"u8, false);
        writer.WriteString("status"u8, "blocked"u8);
        writer.WriteString("block_reason"u8, Reason.ToWireName());
        writer.WriteString("tool_name"u8, ToolName);
        writer.WriteString("error"u8, Error);
        WriteStrings(writer, "fix_hints"u8, FixHints);
        WriteStrings(writer, "blocked_args"u8, BlockedArguments);
        if (RetryAfterSeconds is double retryAfter)
        {
            // Rounded up to the millisecond: waiting the time given must be enough.
            writer.WriteNumber("retry_after_seconds"u8, Math.Ceiling(retryAfter * 1000) / 1000);
        }

        writer.WritePropertyName("metadata"u8);
        Metadata.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The answer as the SDK's result object, for refusals made inside the SDK's pipeline (the sandbox filter); the SDK
    /// frames it for the request's protocol revision. The block object goes where <see cref="McpResponseWriter"/> puts it.
    /// </summary>
    public CallToolResult ToCallToolResult(bool declaresOutputSchema)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, McpResponseWriter.WriterOptions))
        {
            WriteBlock(writer);
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = ToText() }],
            StructuredContent = declaresOutputSchema ? null : JsonElement.Parse(buffer.WrittenSpan),
            Meta = declaresOutputSchema ? new JsonObject { [McpResponseWriter.BlockMetaKey] = JsonNode.Parse(buffer.WrittenSpan) } : null,
        };
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IList<string> values)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
