using System.Text;
using System.Text.Json;
using AgentAirlock.Protocol;
using static AgentAirlock.Tests.Protocol.ResponseRewriterHarness;

namespace AgentAirlock.Tests.Protocol;

/// <summary>
/// The rewriter reads whole frames where the caller wrote them, copies only an unfinished tail, and reuses its
/// buffers from frame to frame: none of it may show in what is written.
/// </summary>
public sealed class ResponseRewriterReadsWritesInPlace
{
    private static string Frame(string data) => "event: message\ndata: " + data + "\n\n";

    [Fact]
    public async Task Frames_left_alone_and_rewritten_frames_in_one_write_keep_their_order_in_one_write()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync(Frame(Notification("one")) + Frame(ToolsList()) + Frame(Notification("two")) + ": tail");

        Assert.Equal(Frame(Notification("one")) + Frame(FilteredToolsList()) + Frame(Notification("two")), harness.Written);
        Assert.Equal(1, harness.Body.Writes);

        await harness.WriteAsync("\n\n");
        Assert.Equal(Frame(Notification("one")) + Frame(FilteredToolsList()) + Frame(Notification("two")) + ": tail\n\n", harness.Written);
        Assert.Equal(2, harness.Body.Writes);
    }

    [Fact]
    public async Task The_unfinished_tail_is_kept_even_when_the_caller_reuses_its_buffer()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");
        string frames = Frame(Notification()) + Frame(ToolsList());
        int cut = frames.Length - 30;
        byte[] buffer = Encoding.UTF8.GetBytes(frames);

        await harness.Context.Response.Body.WriteAsync(buffer.AsMemory(0, cut));
        Assert.Equal(Frame(Notification()), harness.Written);

        // The SDK's buffers are its own again once the write returns.
        byte[] rest = buffer[cut..];
        buffer.AsSpan().Fill((byte)'x');
        await harness.Context.Response.Body.WriteAsync(rest);

        Assert.Equal(Frame(Notification()) + Frame(FilteredToolsList()), harness.Written);
    }

    [Fact]
    public async Task A_single_data_line_without_a_space_is_rewritten_as_before()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync("event: message\r\ndata:" + ToolsList() + "\r\r\n\r\n");

        Assert.Equal("event: message\ndata: " + FilteredToolsList() + "\n\n", harness.Written);
    }

    [Fact]
    public async Task Each_frame_of_a_stream_is_rewritten_with_the_buffers_of_the_last()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", requestId: "3");
        string longList = ToolsListOf("3", [.. Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? ReadFile : WriteFile)]);
        string split = ToolsList();
        int cut = split.IndexOf("\"result\"", StringComparison.Ordinal);

        await harness.WriteAsync(Frame(longList));
        await harness.WriteAsync("event: message\ndata: " + split[..cut] + "\ndata: " + split[cut..] + "\n\n");
        await harness.WriteAsync(Frame(ToolsList()));

        List<List<(string Field, string Value)>> events = ParseEvents(harness.Written);
        Assert.Equal(3, events.Count);
        Assert.Equal(ToolsListOf("3", [.. Enumerable.Range(0, 25).Select(_ => ReadFile)]), Data(events[0]));
        Assert.Equal(FilteredToolsList(), Data(events[1]).Replace("\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal(FilteredToolsList(), Data(events[2]));
    }

    [Fact]
    public async Task Three_transforms_that_all_change_the_message_each_read_the_last_ones_output_frame_after_frame()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", filterTools: false);
        var seen = new List<string>();
        harness.Rewriter.Add(Append(seen, "a"));
        harness.Rewriter.Add(Append(seen, "b"));
        harness.Rewriter.Add((message, _) =>
        {
            seen.Add("declined");
            return false;
        });
        harness.Rewriter.Add(Append(seen, "c"));

        await harness.WriteAsync(Frame(ToolsListOf("3")));
        await harness.WriteAsync(Frame(ToolsListOf("3", ReadFile)));

        Assert.Equal(Frame(ToolsListOf("3", "\"a\"", "\"b\"", "\"c\"")) + Frame(ToolsListOf("3", ReadFile, "\"a\"", "\"b\"", "\"c\"")), harness.Written);
        Assert.Equal(8, seen.Count);
        Assert.Equal(ToolsListOf("3"), seen[0]);
        Assert.Equal(ToolsListOf("3", "\"a\""), seen[1]);
        Assert.Equal(ToolsListOf("3", ReadFile, "\"a\"", "\"b\""), seen[7]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_whitespace_a_transform_writes_around_the_message_is_dropped(bool another)
    {
        using var harness = new ResponseRewriterHarness("application/json", filterTools: false);
        harness.Rewriter.Add((message, output) =>
        {
            output.Write(" \r\n\t"u8);
            output.Write(Encoding.UTF8.GetBytes(message.GetRawText().Replace("[]", "[1]", StringComparison.Ordinal)));
            output.Write("\n "u8);
            return true;
        });
        if (another)
        {
            harness.Rewriter.Add((_, _) => false);
        }

        await harness.WriteAsync(ToolsListOf("3"));
        await harness.Rewriter.FinishAsync();

        Assert.Equal(ToolsListOf("3", "1"), harness.Written);
    }

    /// <summary>Adds a tool named <paramref name="name"/> (a bare string) to the end of the list.</summary>
    private static ResponseTransform Append(List<string> seen, string name) => (JsonElement message, PooledBufferWriter output) =>
    {
        string text = message.GetRawText();
        seen.Add(text);
        int end = text.LastIndexOf(']');
        string separator = text[end - 1] == '[' ? string.Empty : ",";
        output.Write(Encoding.UTF8.GetBytes(text[..end] + separator + "\"" + name + "\"" + text[end..]));
        return true;
    };
}
