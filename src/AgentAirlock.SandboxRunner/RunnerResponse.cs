using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.SandboxRunner;

/// <summary>
/// The one JSON object the runner writes to stdout, and the exit code that goes with it. Success documents carry a
/// kind that tells the host which CLR value the SDK would have seen: nothing, a string, a JSON value, one content
/// block, a list of content blocks, or a whole call-tool result.
/// </summary>
internal sealed class RunnerResponse
{
    private RunnerResponse(byte[] utf8Json, int exitCode)
    {
        Utf8Json = utf8Json;
        ExitCode = exitCode;
    }

    public byte[] Utf8Json { get; }

    public int ExitCode { get; }

    private static JsonSerializerOptions Options => McpJsonUtilities.DefaultOptions;

    /// <summary>Classifies a tool's return value in the order the SDK's own conversion to a call-tool result uses.</summary>
    /// <remarks>Nothing and text, the common answers, are written without touching the SDK's types, whose assemblies a
    /// cold runner would otherwise load just to compile the type tests.</remarks>
    public static RunnerResponse Success(object? value) => value switch
    {
        null => Write("void", writeValue: null),
        string text => Write("text", writer => writer.WriteStringValue(text)),
        _ => SuccessOfSdkValue(value),
    };

    private static RunnerResponse SuccessOfSdkValue(object value) => value switch
    {
        AIContent content => Write("callToolResult", writer => WriteCallToolResult(writer, [content])),
        ContentBlock block => Write("content", writer => JsonSerializer.Serialize(writer, block, Options.GetTypeInfo(typeof(ContentBlock)))),
        IEnumerable<AIContent> contents => Write("callToolResult", writer => WriteCallToolResult(writer, contents)),
        IEnumerable<ContentBlock> blocks => Write("contents", writer => WriteBlocks(writer, blocks)),
        CallToolResult result => Write("callToolResult", writer => JsonSerializer.Serialize(writer, result, Options.GetTypeInfo(typeof(CallToolResult)))),
        _ => Write("json", writer => JsonSerializer.Serialize(writer, value, Options.GetTypeInfo(value.GetType()))),
    };

    public static RunnerResponse ToolFailed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Error(ExitCodes.ToolFailed, "tool", exception.GetType().FullName ?? exception.GetType().Name, exception.Message);
    }

    public static RunnerResponse BadRequest(string message) =>
        Error(ExitCodes.BadRequest, "badRequest", typeName: null, message);

    /// <summary>
    /// Gets the out-of-memory answer: constant bytes, so that reporting an out-of-memory condition needs no JSON
    /// writer (and building it costs a cold runner nothing before the request is read).
    /// </summary>
    public static RunnerResponse OutOfMemory { get; } = new(
        """{"ok":false,"error":{"kind":"outOfMemory","type":"System.OutOfMemoryException","message":"The tool ran out of memory."}}"""u8.ToArray(),
        ExitCodes.OutOfMemory);

    private static RunnerResponse Write(string kind, Action<Utf8JsonWriter>? writeValue)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", true);
            writer.WriteString("kind", kind);
            if (writeValue is not null)
            {
                writer.WritePropertyName("value");
                writeValue(writer);
            }

            writer.WriteEndObject();
        }

        return new RunnerResponse(buffer.WrittenSpan.ToArray(), ExitCodes.Ok);
    }

    private static RunnerResponse Error(int exitCode, string kind, string? typeName, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", false);
            writer.WriteStartObject("error");
            writer.WriteString("kind", kind);
            if (typeName is not null)
            {
                writer.WriteString("type", typeName);
            }

            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new RunnerResponse(buffer.WrittenSpan.ToArray(), exitCode);
    }

    private static void WriteBlocks(Utf8JsonWriter writer, IEnumerable<ContentBlock> blocks)
    {
        var typeInfo = Options.GetTypeInfo(typeof(ContentBlock));
        writer.WriteStartArray();
        foreach (ContentBlock block in blocks)
        {
            JsonSerializer.Serialize(writer, block, typeInfo);
        }

        writer.WriteEndArray();
    }

    /// <summary>AI content becomes an error result when every item is error content, as the SDK decides.</summary>
    private static void WriteCallToolResult(Utf8JsonWriter writer, IEnumerable<AIContent> contents)
    {
        List<ContentBlock> blocks = [];
        bool allErrors = true;
        foreach (AIContent content in contents)
        {
            blocks.Add(content.ToContentBlock());
            allErrors &= content is ErrorContent;
        }

        var result = new CallToolResult { Content = blocks, IsError = allErrors && blocks.Count > 0 };
        JsonSerializer.Serialize(writer, result, Options.GetTypeInfo(typeof(CallToolResult)));
    }
}
