using static AgentAirlock.Tests.Protocol.ResponseRewriterHarness;

namespace AgentAirlock.Tests.Protocol;

public sealed class ResponseRewriterReadsFramesInAnyChunks
{
    private static string Frame(string data) => "event: message\ndata: " + data + "\n\n";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public async Task A_tool_list_in_an_event_stream_is_filtered_whatever_the_chunks(int chunkSize)
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteInChunksAsync(Frame(ToolsList()), chunkSize);
        await harness.Rewriter.FinishAsync();

        Assert.Equal(Frame(FilteredToolsList()), harness.Written);
    }

    [Fact]
    public async Task A_frame_is_written_on_as_soon_as_its_blank_line_arrives()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");
        string frame = Frame(ToolsList());

        await harness.WriteAsync(frame[..^1]);
        Assert.Equal(string.Empty, harness.Written);

        await harness.WriteAsync("\n");
        Assert.Equal(Frame(FilteredToolsList()), harness.Written);
    }

    [Fact]
    public async Task A_frame_split_inside_its_crlf_blank_line_is_found()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");
        string frame = "event: message\r\ndata: " + ToolsList() + "\r\n\r\n";

        await harness.WriteAsync(frame[..^3]);
        await harness.WriteAsync(frame[^3..^1]);
        Assert.Equal(string.Empty, harness.Written);
        await harness.WriteAsync(frame[^1..]);

        List<(string Field, string Value)> sseEvent = Assert.Single(ParseEvents(harness.Written));
        Assert.Equal([("event", "message"), ("data", FilteredToolsList())], sseEvent);
    }

    [Fact]
    public async Task Crlf_frames_are_read_and_rewritten_as_one_event()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteInChunksAsync("event: message\r\nid: 9\r\ndata: " + ToolsList() + "\r\n\r\n", 5);
        await harness.Rewriter.FinishAsync();

        List<(string Field, string Value)> sseEvent = Assert.Single(ParseEvents(harness.Written));
        Assert.Equal([("event", "message"), ("id", "9"), ("data", FilteredToolsList())], sseEvent);
        Assert.DoesNotContain("write_file", harness.Written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crlf_frames_left_alone_are_byte_identical()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");
        string frame = "event: message\r\ndata: " + ToolsListOf("3", ReadFile) + "\r\n\r\n";

        await harness.WriteInChunksAsync(frame, 3);
        await harness.Rewriter.FinishAsync();

        Assert.Equal(frame, harness.Written);
    }

    [Fact]
    public async Task Several_frames_in_one_write_are_each_handled()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync(Frame(Notification("one")) + Frame(Notification("two")) + Frame(ToolsList()));

        Assert.Equal(Frame(Notification("one")) + Frame(Notification("two")) + Frame(FilteredToolsList()), harness.Written);
    }

    [Fact]
    public async Task A_notification_before_the_response_passes_unchanged_and_at_once()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync(Frame(Notification()));
        Assert.Equal(Frame(Notification()), harness.Written);

        await harness.WriteAsync(Frame(ToolsList()));
        Assert.Equal(Frame(Notification()) + Frame(FilteredToolsList()), harness.Written);
    }

    [Fact]
    public async Task The_id_and_other_fields_of_a_rewritten_frame_are_kept()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync("id: 42\nevent: message\nretry: 1000\n: comment\ndata: " + ToolsList() + "\n\n");

        List<(string Field, string Value)> sseEvent = Assert.Single(ParseEvents(harness.Written));
        Assert.Equal([("id", "42"), ("event", "message"), ("retry", "1000"), (string.Empty, "comment"), ("data", FilteredToolsList())], sseEvent);
    }

    [Fact]
    public async Task Data_split_over_several_lines_is_rewritten_as_a_well_formed_event()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");
        string message = ToolsList();
        int cut = message.IndexOf("\"result\"", StringComparison.Ordinal);

        await harness.WriteAsync("event: message\ndata: " + message[..cut] + "\ndata:" + message[cut..] + "\n\n");

        // Whether the rewritten message is one data line or several, the event carries only event and data fields
        // and its data is the filtered list.
        List<(string Field, string Value)> sseEvent = Assert.Single(ParseEvents(harness.Written));
        Assert.All(sseEvent, field => Assert.Contains(field.Field, new[] { "event", "data" }));
        using System.Text.Json.JsonDocument data = System.Text.Json.JsonDocument.Parse(Data(sseEvent));
        Assert.Equal(3, data.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(
            ["read_file"],
            data.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_unterminated_last_frame_is_handled_when_the_response_finishes()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync("event: message\ndata: " + ToolsList() + "\n");
        Assert.Equal(string.Empty, harness.Written);
        await harness.Rewriter.FinishAsync();

        Assert.Equal(FilteredToolsList(), Data(Assert.Single(ParseEvents(harness.Written + "\n"))));
    }

    [Fact]
    public async Task A_plain_json_body_is_buffered_and_rewritten_when_the_response_finishes()
    {
        using var harness = new ResponseRewriterHarness("application/json");
        harness.Context.Response.ContentLength = ToolsList().Length;

        await harness.WriteInChunksAsync(ToolsList(), 10);
        Assert.Equal(string.Empty, harness.Written);
        Assert.Null(harness.Context.Response.ContentLength);

        await harness.Rewriter.FinishAsync();

        Assert.Equal(FilteredToolsList(), harness.Written);
    }

    [Fact]
    public async Task A_plain_json_body_left_alone_is_byte_identical()
    {
        using var harness = new ResponseRewriterHarness("application/json; charset=utf-8");
        string body = "{ \"jsonrpc\" : \"2.0\", \"id\" : 3, \"result\" : { \"tools\" : [ " + ReadFile + " ] } }";

        await harness.WriteInChunksAsync(body, 1);
        await harness.Rewriter.FinishAsync();

        Assert.Equal(body, harness.Written);
    }

    [Fact]
    public async Task Writes_through_the_pipe_writer_are_rewritten_too()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.Context.Response.BodyWriter.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Frame(ToolsList())));
        await harness.Context.Response.BodyWriter.FlushAsync();

        Assert.Equal(Frame(FilteredToolsList()), harness.Written);
    }

    [Fact]
    public async Task Finishing_hands_the_body_back_and_happens_once()
    {
        using var harness = new ResponseRewriterHarness("application/json");
        Assert.Same(harness.Rewriter, harness.Context.Response.Body);

        await harness.WriteAsync(ToolsList());
        await harness.Rewriter.FinishAsync();
        await harness.Rewriter.FinishAsync();

        Assert.Same(harness.InnerFeature, harness.Context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>());
        Assert.Equal(FilteredToolsList(), harness.Written);
    }

    [Theory]
    [InlineData("text/event-stream", 1_000)]
    [InlineData("application/json", 3_001)]
    public async Task A_long_tool_list_is_filtered_across_many_chunks(string contentType, int chunkSize)
    {
        using var harness = new ResponseRewriterHarness(contentType);
        string[] tools = [.. Enumerable.Range(0, 600).Select(i => i % 3 == 0 ? WriteFile.Replace("write_file", "write_" + i, StringComparison.Ordinal) : ReadFile.Replace("read_file", "read_" + i, StringComparison.Ordinal))];
        string[] kept = [.. tools.Where(t => t.Contains("\"read_", StringComparison.Ordinal))];
        string message = ToolsListOf("3", tools);
        bool eventStream = contentType == "text/event-stream";

        await harness.WriteInChunksAsync(eventStream ? Frame(message) : message, chunkSize);
        await harness.Rewriter.FinishAsync();

        string expected = ToolsListOf("3", kept);
        Assert.Equal(eventStream ? Frame(expected) : expected, harness.Written);
    }
}
