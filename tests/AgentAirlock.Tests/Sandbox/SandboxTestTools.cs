using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Sandbox;

/// <summary>
/// Benign tools, one per shape of tool method the sandbox runner must handle: each kind of return value, sync and
/// async, static and instance, overloads, optional parameters and the parameters the runner fills itself.
/// </summary>
public sealed class SandboxTestTools
{
    private readonly int _offset;

    public SandboxTestTools()
    {
        _offset = 100;
    }

    public static int Add(int a, int b) => a + b;

    public static string Echo(string text) => text;

    public static async Task<string> EchoAsync(string text)
    {
        await Task.Yield();
        return text;
    }

    public static async ValueTask<int> AddAsync(int a, int b)
    {
        await Task.Yield();
        return a + b;
    }

    public static void Nothing(string text) => ArgumentNullException.ThrowIfNull(text);

    public static async Task NothingAsync()
    {
        await Task.Yield();
    }

    public static Reading Measure(string name, int value) => new(name, value, [value, value * 2]);

    public static CallToolResult Report(string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        IsError = true,
    };

    public static ContentBlock Block(string text) => new TextContentBlock { Text = text };

    public static IEnumerable<ContentBlock> Blocks(int count) =>
        Enumerable.Range(1, count).Select(static index => (ContentBlock)new TextContentBlock { Text = $"block {index}" });

    public static AIContent AiText(string text) => new TextContent(text);

    public static IEnumerable<AIContent> AiErrors(int count) =>
        Enumerable.Range(1, count).Select(static index => (AIContent)new ErrorContent($"failure {index}"));

    /// <summary>An instance method: the runner constructs the type with its public parameterless constructor.</summary>
    public int Offset(int value) => _offset + value;

    public static int Boom() => throw new InvalidOperationException("boom");

    /// <summary>Writes to Console.Out, including characters that would break a JSON document, then returns.</summary>
    public static int Noisy(int value)
    {
        Console.WriteLine("noise {\"ok\":false} }]");
        Console.Out.Write("more noise");
        Console.Out.Flush();
        return value;
    }

    public static string Describe(int value) => $"int {value}";

    public static string Describe(string value) => $"string {value}";

    public static string Greet(string name, string greeting = "Hello", int times = 1) =>
        string.Join(" ", Enumerable.Repeat($"{greeting}, {name}!", times));

    /// <summary>Reports whether the token it was given can ever be cancelled.</summary>
    public static async Task<string> Wait(int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return cancellationToken.CanBeCanceled ? "cancellable" : "not cancellable";
    }

    public static string Progress(string text, IProgress<ProgressNotificationValue> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        progress.Report(new ProgressNotificationValue { Progress = 1, Total = 1 });
        return text;
    }

    /// <summary>A JSON result, as the SDK serializes any value that is not text, content or a call-tool result.</summary>
    public sealed record Reading(string Name, int Value, IReadOnlyList<int> Multiples);
}
