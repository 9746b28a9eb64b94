using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// The reader may make 30 calls a minute, across all its tools (a token bucket of 30, refilled at one token every
/// 2 seconds). The 31st call within the minute is the blocked answer with <c>rate_limit</c> and a
/// <c>retry_after_seconds</c> computed from the bucket; when the fake clock has moved on far enough, calls are
/// admitted again. Each test has its own sample, so its own buckets and clock.
/// </summary>
public sealed class ReaderRateLimitTests
{
    private static string Tool(int call) => call % 2 == 0 ? "search_documents" : "get_customer";

    private static async Task SpendTheBudgetAsync(HttpClient reader)
    {
        for (int call = 0; call < 30; call++)
        {
            McpAnswer answer = await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), Tool(call), PolicyWire.ValidArguments(Tool(call))));
            Assert.True(answer.IsResult && !answer.IsBlocked, $"call {call + 1} of 30 was not admitted: {answer}");
        }
    }

    private static JsonElement AssertRateLimited(McpAnswer answer, string tool, double retryAfterSeconds)
    {
        JsonElement block = Blocks.AssertBlocked(answer, tool, "rate_limit");
        Assert.Equal(retryAfterSeconds, PolicyWire.RetryAfterSeconds(block), 3);
        JsonElement metadata = block.GetProperty("metadata");
        Assert.Equal("Reader", metadata.GetProperty("policy").GetString());
        Assert.Equal("30/minute", metadata.GetProperty("limit").GetString());
        Assert.Equal("PerAgent", metadata.GetProperty("scope").GetString());
        PolicyWire.AssertRevealsNoSchema(answer.Body, "Keywords to search for", "The customer's numeric id");
        return block;
    }

    [Fact]
    public async Task The_31st_call_within_a_minute_is_refused_with_the_time_until_the_next_token()
    {
        await using var sample = new DefaultSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);
        string id = McpHttp.NewId();

        await SpendTheBudgetAsync(reader);
        McpAnswer refused = await reader.SendMcpAsync(McpHttp.ToolCall(id, "search_documents", PolicyWire.ValidArguments("search_documents")));

        JsonElement block = AssertRateLimited(refused, "search_documents", retryAfterSeconds: 2);
        Assert.Contains(Blocks.FixHints(block), hint => hint.Contains("Wait 2 seconds", StringComparison.Ordinal));
        Assert.False(sample.Calls.Saw(id));
    }

    [Fact]
    public async Task The_retry_after_shrinks_as_the_clock_moves_and_a_call_is_admitted_once_a_token_is_back()
    {
        await using var sample = new DefaultSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);
        string admitted = McpHttp.NewId();

        await SpendTheBudgetAsync(reader);
        McpAnswer atOnce = await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", PolicyWire.ValidArguments("get_customer")));
        sample.Clock.Advance(TimeSpan.FromMilliseconds(500));
        McpAnswer halfASecondLater = await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", PolicyWire.ValidArguments("get_customer")));
        sample.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        McpAnswer twoSecondsLater = await reader.SendMcpAsync(McpHttp.ToolCall(admitted, "get_customer", PolicyWire.ValidArguments("get_customer")));
        McpAnswer rightAfter = await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", PolicyWire.ValidArguments("get_customer")));

        AssertRateLimited(atOnce, "get_customer", retryAfterSeconds: 2);
        AssertRateLimited(halfASecondLater, "get_customer", retryAfterSeconds: 1.5);
        Blocks.AssertToolSucceeded(twoSecondsLater);
        Assert.True(sample.Calls.Saw(admitted));
        AssertRateLimited(rightAfter, "get_customer", retryAfterSeconds: 2);
    }

    [Fact]
    public async Task After_a_minute_the_whole_budget_is_back()
    {
        await using var sample = new DefaultSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);

        await SpendTheBudgetAsync(reader);
        sample.Clock.Advance(TimeSpan.FromMinutes(1));
        await SpendTheBudgetAsync(reader);
        McpAnswer refused = await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "search_documents", PolicyWire.ValidArguments("search_documents")));

        AssertRateLimited(refused, "search_documents", retryAfterSeconds: 2);
    }

    [Fact]
    public async Task The_readers_budget_is_its_own_the_admin_is_not_limited_by_it()
    {
        await using var sample = new DefaultSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);
        HttpClient admin = sample.CreateClientWithKey(DemoAgents.AdminKey);

        await SpendTheBudgetAsync(reader);
        McpAnswer readerRefused = await reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", PolicyWire.ValidArguments("get_customer")));
        McpAnswer[] adminCalls = await Task.WhenAll(Enumerable.Range(0, 40).Select(
            _ => admin.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", PolicyWire.ValidArguments("get_customer")))));

        AssertRateLimited(readerRefused, "get_customer", retryAfterSeconds: 2);
        Assert.All(adminCalls, answer => Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task With_the_csharp_client_the_31st_call_is_a_rate_limit_block_and_the_next_token_admits_a_call()
    {
        await using var sample = new DefaultSampleFactory();
        await using McpClient client = await sample.CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders(DemoAgents.ReaderKey));
        var arguments = new Dictionary<string, object?> { ["query"] = "rate", ["limit"] = 1 };

        for (int call = 0; call < 30; call++)
        {
            CallToolResult admitted = await client.CallToolAsync("search_documents", arguments);
            Assert.True(admitted.IsError != true, $"call {call + 1} of 30 was not admitted");
        }

        CallToolResult refused = await client.CallToolAsync("search_documents", arguments);
        sample.Clock.Advance(TimeSpan.FromSeconds(2));
        CallToolResult again = await client.CallToolAsync("search_documents", arguments);

        JsonElement block = PolicyWire.BlockOf(refused);
        Assert.Equal("rate_limit", Blocks.AssertShape(block, "search_documents"));
        Assert.Equal(2, PolicyWire.RetryAfterSeconds(block), 3);
        Assert.NotEqual(true, again.IsError);
    }

    [Fact]
    public async Task Concurrent_calls_admit_exactly_the_budget()
    {
        await using var sample = new DefaultSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);

        McpAnswer[] answers = await Task.WhenAll(Enumerable.Range(0, 45).Select(
            call => reader.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), Tool(call), PolicyWire.ValidArguments(Tool(call))))));

        Assert.Equal(30, answers.Count(a => a.IsResult && !a.IsBlocked));
        Assert.Equal(15, answers.Count(a => a.IsBlocked && Blocks.Reason(a.Block) == "rate_limit"));
        Assert.Equal(30, sample.Calls.All.Count);
    }
}
