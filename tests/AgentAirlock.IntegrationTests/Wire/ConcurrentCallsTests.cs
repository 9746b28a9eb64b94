using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Wire;

/// <summary>
/// Many calls at once (allowed, stripped, blocked, refused) each get their own answer and the SDK receives each
/// call's own arguments: pooled buffers and rewritten bodies never leak between requests.
/// </summary>
public sealed class ConcurrentCallsTests(DefaultSampleFactory factory) : IClassFixture<DefaultSampleFactory>
{
    [Fact]
    public async Task Concurrent_calls_get_their_own_answers_and_arguments()
    {
        HttpClient http = factory.CreateClient();
        var calls = Enumerable.Range(0, 120).Select(async i =>
        {
            string id = McpHttp.NewId();
            string text = "value-" + i + "-" + new string('é', i % 7) + Guid.NewGuid().ToString("N");
            switch (i % 4)
            {
                case 0:
                    McpAnswer echoed = await http.SendMcpAsync(McpHttp.ToolCall(id, "echo", JsonSerializer.Serialize(new { text })));
                    Assert.Equal(text, Blocks.AssertToolSucceeded(echoed));
                    Assert.Equal(text, factory.Calls.Single(id).Arguments!["text"].GetString());
                    break;
                case 1:
                    McpAnswer stripped = await http.SendMcpAsync(McpHttp.ToolCall2026(id, "search_documents",
                        JsonSerializer.Serialize(new { query = text, limit = 1 + (i % 50), ghost = text })));
                    Blocks.AssertToolSucceeded(stripped);
                    RecordedCall call = factory.Calls.Single(id);
                    Assert.Equal(text, call.Arguments!["query"].GetString());
                    Assert.Equal(1 + (i % 50), call.Arguments["limit"].GetInt32());
                    Assert.False(call.Arguments.ContainsKey("ghost"));
                    break;
                case 2:
                    McpAnswer blocked = await http.SendMcpAsync(McpHttp.ToolCall(id, "add", JsonSerializer.Serialize(new { a = i, b = i, ghost = text })));
                    Blocks.AssertBlocked(blocked, "add", "ghost_arguments");
                    Assert.Equal(id, blocked.Message.GetProperty("id").GetString());
                    Assert.False(factory.Calls.Saw(id));
                    break;
                default:
                    McpAnswer added = await http.SendMcpAsync(McpHttp.ToolCall(id, "add", JsonSerializer.Serialize(new { a = i, b = 1000 })));
                    Assert.Equal((i + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), Blocks.AssertToolSucceeded(added));
                    break;
            }
        });

        await Task.WhenAll(calls);
    }
}
