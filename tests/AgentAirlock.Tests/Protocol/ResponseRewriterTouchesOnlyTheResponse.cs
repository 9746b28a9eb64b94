using System.Text;
using System.Text.Json;
using AgentAirlock.Protocol;
using static AgentAirlock.Tests.Protocol.ResponseRewriterHarness;

namespace AgentAirlock.Tests.Protocol;

public sealed class ResponseRewriterTouchesOnlyTheResponse
{
    private static string Frame(string data) => "event: message\ndata: " + data + "\n\n";

    [Theory]
    [InlineData("4")]
    [InlineData("\"3\"")]
    [InlineData("null")]
    public async Task A_response_to_another_request_is_untouched(string otherId)
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", requestId: "3");
        string frame = Frame(ToolsList(otherId));

        await harness.WriteAsync(frame);
        await harness.Rewriter.FinishAsync();

        Assert.Equal(frame, harness.Written);
    }

    [Fact]
    public async Task A_string_request_id_matches_only_the_same_string()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", requestId: "\"req-3\"");

        await harness.WriteAsync(Frame(ToolsList("3")) + Frame(ToolsList("\"req-3\"")));

        Assert.Equal(Frame(ToolsList("3")) + Frame(FilteredToolsList("\"req-3\"")), harness.Written);
    }

    [Fact]
    public async Task A_request_from_the_server_with_the_same_id_is_untouched()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");
        string serverRequest = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sampling/createMessage\",\"params\":{\"tools\":[" + WriteFile + "]}}";

        await harness.WriteAsync(Frame(serverRequest));

        Assert.Equal(Frame(serverRequest), harness.Written);
    }

    [Theory]
    [InlineData(": keep-alive\n\n")]
    [InlineData("event: ping\n\n")]
    [InlineData("event: message\ndata: not json\n\n")]
    [InlineData("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\n\n")]
    [InlineData("data: [1,2,3]\n\n")]
    public async Task Frames_without_a_response_pass_unchanged(string frame)
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync(frame);
        await harness.Rewriter.FinishAsync();

        Assert.Equal(frame, harness.Written);
    }

    [Fact]
    public async Task A_json_body_that_is_not_json_passes_unchanged()
    {
        using var harness = new ResponseRewriterHarness("application/json");

        await harness.WriteAsync("{\"jsonrpc\":");
        await harness.Rewriter.FinishAsync();

        Assert.Equal("{\"jsonrpc\":", harness.Written);
    }

    [Fact]
    public async Task Flushes_pass_through_frame_by_frame()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync(Frame(Notification("one")));
        await harness.Context.Response.Body.FlushAsync();
        Assert.Equal(Frame(Notification("one")), harness.Written);
        Assert.Equal(1, harness.Body.Flushes);

        string response = Frame(ToolsList());
        await harness.WriteAsync(response[..20]);
        await harness.Context.Response.Body.FlushAsync();
        Assert.Equal(Frame(Notification("one")), harness.Written);
        Assert.Equal(2, harness.Body.Flushes);

        await harness.WriteAsync(response[20..]);
        await harness.Context.Response.Body.FlushAsync();
        Assert.Equal(Frame(Notification("one")) + Frame(FilteredToolsList()), harness.Written);
        Assert.Equal(3, harness.Body.Flushes);
    }

    [Fact]
    public async Task A_synchronous_flush_passes_through_too()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync(Frame(Notification()));
        harness.Context.Response.Body.Flush();

        Assert.Equal(1, harness.Body.Flushes);
    }

    [Fact]
    public async Task A_buffered_json_body_is_not_flushed_half_written()
    {
        using var harness = new ResponseRewriterHarness("application/json");

        await harness.WriteAsync(ToolsList()[..10]);
        await harness.Context.Response.Body.FlushAsync();

        Assert.Equal(0, harness.Body.Flushes);
        Assert.Equal(string.Empty, harness.Written);
    }

    [Fact]
    public async Task Transforms_apply_in_the_order_they_were_added_each_seeing_the_last_ones_output()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", filterTools: false);
        var seen = new List<string>();
        harness.Rewriter.Add(Replace(seen, "\"tools\":[]", "\"tools\":[{\"name\":\"first\"}]"));
        harness.Rewriter.Add(Replace(seen, "{\"name\":\"first\"}", "{\"name\":\"second\"}"));

        await harness.WriteAsync(Frame(ToolsListOf("3")));

        Assert.Equal(2, seen.Count);
        Assert.Equal(ToolsListOf("3"), seen[0]);
        Assert.Contains("\"first\"", seen[1], StringComparison.Ordinal);
        Assert.Equal(Frame(ToolsListOf("3", "{\"name\":\"second\"}")), harness.Written);
    }

    [Fact]
    public async Task A_transform_that_declines_leaves_the_frame_byte_identical()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", filterTools: false);
        var seen = new List<string>();
        harness.Rewriter.Add((message, _) =>
        {
            seen.Add(message.GetRawText());
            return false;
        });
        string frame = "event: message\ndata:" + ToolsList() + "\n\n";

        await harness.WriteAsync(frame);

        Assert.Equal([ToolsList()], seen);
        Assert.Equal(frame, harness.Written);
    }

    [Fact]
    public async Task Transforms_see_only_the_response_to_the_request()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", filterTools: false);
        var seen = new List<string>();
        harness.Rewriter.Add((message, _) =>
        {
            seen.Add(message.GetProperty("id").GetRawText());
            return false;
        });

        await harness.WriteAsync(Frame(Notification()) + Frame(ToolsList("9")) + Frame(ToolsList("3")));

        Assert.Equal(["3"], seen);
    }

    private static ResponseTransform Replace(List<string> seen, string from, string to) => (JsonElement message, PooledBufferWriter output) =>
    {
        string text = message.GetRawText();
        seen.Add(text);
        output.Write(Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal)));
        return true;
    };
}
