using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Sandbox;

/// <summary>
/// The host's side of the sandbox runner's wire protocol: the request written to the runner's stdin, and the one
/// result object (plus exit code) it answers with. Shared by every backend that runs <c>AgentAirlock.SandboxRunner</c>.
/// </summary>
internal static class RunnerProtocol
{
    private const int ExitOk = 0;
    private const int ExitOutOfMemory = 3;

    /// <summary>Writes the request for <paramref name="invocation"/> as UTF-8 JSON.</summary>
    /// <param name="invocation">The invocation.</param>
    /// <param name="assemblyPathInSandbox">The tool assembly's path as the runner sees it, e.g. <c>/tool/App.dll</c>.</param>
    /// <returns>The request bytes, to write to the runner's stdin before closing it.</returns>
    public static byte[] WriteRequest(SandboxInvocation invocation, string assemblyPathInSandbox)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentException.ThrowIfNullOrEmpty(assemblyPathInSandbox);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("assembly", assemblyPathInSandbox);
            writer.WriteString("type", invocation.TypeName);
            writer.WriteString("method", invocation.MethodName);
            writer.WriteNumber("metadataToken", invocation.MetadataToken);
            writer.WritePropertyName("arguments");
            invocation.Arguments.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads what the runner answered. Backends check what only they know (deadline, cgroup OOM kill, CPU limit,
    /// output cap) before calling this.
    /// </summary>
    /// <param name="stdout">Everything the runner wrote to stdout.</param>
    /// <param name="exitCode">The runner's exit code.</param>
    /// <param name="duration">How long the invocation took.</param>
    /// <returns>
    /// <see cref="SandboxStatus.Completed"/> with the result document; <see cref="SandboxStatus.ToolFailed"/> with
    /// <c>Type: message</c>; <see cref="SandboxStatus.OutOfMemory"/>; or <see cref="SandboxStatus.Failed"/> when the
    /// runner refused the request or left no readable result.
    /// </returns>
    public static SandboxOutcome ReadOutcome(ReadOnlySpan<byte> stdout, int exitCode, TimeSpan duration)
    {
        JsonElement document;
        try
        {
            using JsonDocument parsed = JsonDocument.Parse(stdout.ToArray());
            document = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            return NoResult(exitCode, duration);
        }

        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("ok", out JsonElement ok))
        {
            return NoResult(exitCode, duration);
        }

        if (ok.ValueKind == JsonValueKind.True)
        {
            return exitCode == ExitOk && IsConvertible(document)
                ? SandboxOutcome.Completed(document, exitCode, duration)
                : NoResult(exitCode, duration);
        }

        if (ok.ValueKind != JsonValueKind.False ||
            !document.TryGetProperty("error", out JsonElement error) ||
            error.ValueKind != JsonValueKind.Object ||
            StringProperty(error, "kind") is not { } kind)
        {
            return NoResult(exitCode, duration);
        }

        string message = StringProperty(error, "message") ?? "";
        return kind switch
        {
            "tool" => SandboxOutcome.Failed(SandboxStatus.ToolFailed, ToolFailure(StringProperty(error, "type"), message), exitCode, duration),
            "outOfMemory" => OutOfMemory(exitCode, duration),
            "badRequest" => SandboxOutcome.Failed(SandboxStatus.Failed, "the runner refused the invocation: " + message, exitCode, duration),
            _ => NoResult(exitCode, duration),
        };
    }

    /// <summary>
    /// Converts a completed result document into the CLR value the SDK's own result conversion expects from a tool
    /// method: <see langword="null"/> (void), <see cref="string"/> (text), <see cref="JsonElement"/> (any other value,
    /// serialized), <see cref="ContentBlock"/>, <see cref="List{T}"/> of <see cref="ContentBlock"/>, or
    /// <see cref="CallToolResult"/> (what AI content or a call-tool result became in the runner).
    /// </summary>
    /// <param name="resultDocument">The result document of a <see cref="SandboxStatus.Completed"/> outcome.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The document is not a result document of a known kind.</exception>
    public static object? ToReturnValue(JsonElement resultDocument)
    {
        if (resultDocument.ValueKind != JsonValueKind.Object || StringProperty(resultDocument, "kind") is not { } kind)
        {
            throw new JsonException("The sandbox result has no kind.");
        }

        if (kind == "void")
        {
            return null;
        }

        if (!resultDocument.TryGetProperty("value", out JsonElement value))
        {
            throw new JsonException($"The sandbox result of kind '{kind}' has no value.");
        }

        JsonSerializerOptions options = McpJsonUtilities.DefaultOptions;
        return kind switch
        {
            "text" => value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new JsonException("The sandbox result of kind 'text' is not a string."),
            "json" => value.Clone(),
            "content" => RequireObject(value, kind).Deserialize<ContentBlock>(options)
                ?? throw new JsonException("The sandbox result of kind 'content' is null."),
            "contents" => ContentBlocks(value, options),
            "callToolResult" => RequireObject(value, kind).Deserialize<CallToolResult>(options)
                ?? throw new JsonException("The sandbox result of kind 'callToolResult' is null."),
            _ => throw new JsonException($"The sandbox result has an unknown kind '{kind}'."),
        };
    }

    private static List<ContentBlock> ContentBlocks(JsonElement value, JsonSerializerOptions options)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The sandbox result of kind 'contents' is not an array.");
        }

        var blocks = new List<ContentBlock>(value.GetArrayLength());
        foreach (JsonElement item in value.EnumerateArray())
        {
            blocks.Add(RequireObject(item, "contents").Deserialize<ContentBlock>(options)
                ?? throw new JsonException("The sandbox result of kind 'contents' holds a null block."));
        }

        return blocks;
    }

    private static JsonElement RequireObject(JsonElement value, string kind) =>
        value.ValueKind == JsonValueKind.Object
            ? value
            : throw new JsonException($"The sandbox result of kind '{kind}' is not an object.");

    private static bool IsConvertible(JsonElement document)
    {
        try
        {
            _ = ToReturnValue(document);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private static string ToolFailure(string? type, string message) =>
        string.IsNullOrEmpty(type) ? (message.Length > 0 ? message : "the tool failed") : $"{type}: {message}";

    private static SandboxOutcome NoResult(int exitCode, TimeSpan duration) =>
        exitCode == ExitOutOfMemory
            ? OutOfMemory(exitCode, duration)
            : SandboxOutcome.Failed(SandboxStatus.Failed, $"the sandboxed process exited with code {exitCode} without a result", exitCode, duration);

    private static SandboxOutcome OutOfMemory(int exitCode, TimeSpan duration) =>
        SandboxOutcome.Failed(SandboxStatus.OutOfMemory, "the tool ran out of the memory it was allowed", exitCode, duration);

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
