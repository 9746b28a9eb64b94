using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ConformanceServer;

/// <summary>
/// The tools the conformance suite calls by fixed name: content of every kind, logging, progress, tool errors,
/// sampling and stream resumption. Their parameters are declared exactly as the suite sends them, because
/// Airlock refuses any argument a tool does not declare.
/// </summary>
[McpServerToolType]
public sealed class ConformanceTools
{
    private static readonly TimeSpan StepDelay = TimeSpan.FromMilliseconds(50);

    [McpServerTool(Name = "test_simple_text", ReadOnly = true), Description("Returns a fixed text block.")]
    public static string SimpleText() => "This is a simple text response for testing.";

    [McpServerTool(Name = "test_image_content", ReadOnly = true), Description("Returns a 1x1 red PNG image.")]
    public static ContentBlock ImageContent() => ImageContentBlock.FromBytes(TestMedia.RedPixelPng, TestMedia.PngMimeType);

    [McpServerTool(Name = "test_audio_content", ReadOnly = true), Description("Returns a short silent WAV clip.")]
    public static ContentBlock AudioContent() => AudioContentBlock.FromBytes(TestMedia.SilentWav, TestMedia.WavMimeType);

    [McpServerTool(Name = "test_embedded_resource", ReadOnly = true), Description("Returns an embedded text resource.")]
    public static ContentBlock EmbeddedResource() => new EmbeddedResourceBlock
    {
        Resource = new TextResourceContents
        {
            Uri = "test://embedded-resource",
            MimeType = "text/plain",
            Text = "This is an embedded resource content.",
        },
    };

    [McpServerTool(Name = "test_multiple_content_types", ReadOnly = true), Description("Returns text, an image and an embedded JSON resource.")]
    public static IEnumerable<ContentBlock> MultipleContentTypes() =>
    [
        new TextContentBlock { Text = "Multiple content types test:" },
        ImageContentBlock.FromBytes(TestMedia.RedPixelPng, TestMedia.PngMimeType),
        new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents
            {
                Uri = "test://mixed-content-resource",
                MimeType = "application/json",
                Text = """{"test":"data","value":123}""",
            },
        },
    ];

    [McpServerTool(Name = "test_tool_with_logging", ReadOnly = true), Description("Sends three info log notifications while it runs.")]
    public static async Task<string> ToolWithLogging(McpServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        string[] messages = ["Tool execution started", "Tool processing data", "Tool execution completed"];
        for (int i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                // The pauses make the notifications arrive while the call is still open, as the scenario intends.
                await Task.Delay(StepDelay, cancellationToken);
            }

            await LogToClientAsync(server, LoggingLevel.Info, messages[i], cancellationToken);
        }

        return "Tool with logging executed successfully.";
    }

    [McpServerTool(Name = "test_tool_with_progress", ReadOnly = true), Description("Reports progress 0, 50 and 100 of 100.")]
    public static async Task<string> ToolWithProgress(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ProgressToken? token = context.Params?.ProgressToken;
        float[] steps = [0, 50, 100];
        for (int i = 0; i < steps.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(StepDelay, cancellationToken);
            }

            // Awaited rather than IProgress<T>.Report, which does not wait: every notification must be on the
            // wire, in order, before the result closes the response stream.
            if (token is ProgressToken progressToken)
            {
                var value = new ProgressNotificationValue { Progress = steps[i], Total = 100, Message = $"Step {i + 1} of {steps.Length}" };
                await context.Server.NotifyProgressAsync(progressToken, value, cancellationToken: cancellationToken);
            }
        }

        return "Tool with progress executed successfully.";
    }

    [McpServerTool(Name = "test_error_handling", ReadOnly = true), Description("Always fails, with an error result (isError).")]
    public static CallToolResult ErrorHandling() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
    };

    [McpServerTool(Name = "test_sampling"), Description("Asks the client's model to answer a prompt (sampling/createMessage).")]
    public static async Task<string> Sampling(
        McpServer server,
        [Description("The prompt to send to the client's model.")] string prompt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        CreateMessageResult answer = await server.SampleAsync(new CreateMessageRequestParams
        {
            Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
            MaxTokens = 100,
        }, cancellationToken);

        string text = string.Concat(answer.Content.OfType<TextContentBlock>().Select(block => block.Text));
        return $"LLM response: {text}";
    }

    [McpServerTool(Name = "test_reconnection"), Description("Closes its response stream mid-call; the result arrives when the client resumes with Last-Event-ID.")]
    public static async Task<string> Reconnection(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.EnablePollingAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            // A session negotiated below 2025-11-25 has no resumable stream; the call still answers, on the open stream.
            return $"Reconnection test completed without closing the stream: {exception.Message}";
        }

        return "Reconnection test completed: the result was delivered on the resumed stream.";
    }

    private static Task LogToClientAsync(McpServer server, LoggingLevel level, string message, CancellationToken cancellationToken)
    {
        // Honour logging/setLevel: the SDK records the client's level; nothing below it is sent.
        if (server.LoggingLevel is LoggingLevel minimum && level < minimum)
        {
            return Task.CompletedTask;
        }

        return server.SendNotificationAsync(NotificationMethods.LoggingMessageNotification, new LoggingMessageNotificationParams
        {
            Level = level,
            Logger = "conformance-server",
            Data = JsonSerializer.SerializeToElement(message, McpJsonUtilities.DefaultOptions),
        }, cancellationToken: cancellationToken);
    }
}
