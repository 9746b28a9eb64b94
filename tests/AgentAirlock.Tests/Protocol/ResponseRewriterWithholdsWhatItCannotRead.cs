using System.Text.Json;
using static AgentAirlock.Tests.Protocol.ResponseRewriterHarness;

namespace AgentAirlock.Tests.Protocol;

/// <summary>
/// A well-formed answer too deep for the transforms to read is withheld (a JSON-RPC error in its place), not passed
/// unchecked; an answer within the depth is transformed; with its transforms withdrawn, the rewriter passes bytes through.
/// </summary>
public sealed class ResponseRewriterWithholdsWhatItCannotRead
{
    private static string Frame(string data) => "event: message\ndata: " + data + "\n\n";

    /// <summary>A tools/list response whose first tool carries a value nested <paramref name="depth"/> arrays deep.</summary>
    private static string DeepToolsList(int depth) =>
        ToolsListOf("3", ReadFile, "{\"name\":\"write_file\",\"inputSchema\":{\"type\":\"object\"},\"x\":"
            + new string('[', depth) + "\"ada@example.com\"" + new string(']', depth) + "}");

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("application/json")]
    public async Task A_well_formed_answer_deeper_than_the_transforms_read_is_withheld(string contentType)
    {
        using var harness = new ResponseRewriterHarness(contentType);
        string answer = DeepToolsList(300);

        await harness.WriteAsync(contentType == "application/json" ? answer : Frame(answer));
        await harness.Rewriter.FinishAsync();

        string written = harness.Written;
        Assert.DoesNotContain("write_file", written, StringComparison.Ordinal);
        string json = contentType == "application/json" ? written : ParseEvents(written)[0].Single(f => f.Field == "data").Value;
        using var document = JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("id").GetInt32());
        JsonElement error = document.RootElement.GetProperty("error");
        Assert.Equal(-32603, error.GetProperty("code").GetInt32());
        Assert.Contains("too deep to be checked", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_within_the_depth_is_transformed()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream");

        await harness.WriteAsync(Frame(DeepToolsList(200)));

        Assert.Equal(Frame(FilteredToolsList()), harness.Written);
    }

    [Fact]
    public async Task With_every_transform_withdrawn_the_bytes_pass_through_unread()
    {
        using var harness = new ResponseRewriterHarness("text/event-stream", filterTools: false);
        static bool Mark(JsonElement message, AgentAirlock.Protocol.PooledBufferWriter output)
        {
            output.Write("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}"u8);
            return true;
        }

        harness.Rewriter.Add(Mark);
        harness.Rewriter.Remove(Mark);
        await harness.WriteAsync(Frame(ToolsList()) + "data: {\"partial\":");
        await harness.Rewriter.FinishAsync();

        Assert.Equal(Frame(ToolsList()) + "data: {\"partial\":", harness.Written);
    }
}
