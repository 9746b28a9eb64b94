using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.CSharpClient;

/// <summary>
/// The official C# client (2.3.1) against the sample: stateless, so the client speaks 2026-07-28 (server/discover,
/// Mcp-Method / Mcp-Name headers, params._meta).
/// </summary>
public sealed class CSharpClientOnTheHandshakeFreeRevisionTests(DefaultSampleFactory factory) : IClassFixture<DefaultSampleFactory>
{
    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] arguments) =>
        arguments.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(result.Content[0]).Text;

    private static JsonElement StructuredBlock(CallToolResult result, string tool, string reason)
    {
        Assert.True(result.IsError, "expected a blocked result");
        Assert.StartsWith("AIRLOCK_BLOCK:", Text(result), StringComparison.Ordinal);
        Assert.Contains("Suggested fixes", Text(result), StringComparison.Ordinal);
        Assert.NotNull(result.StructuredContent);
        JsonElement block = result.StructuredContent.Value;
        Assert.Equal(reason, Blocks.AssertShape(block, tool));
        return block;
    }

    [Fact]
    public async Task The_client_negotiates_2026_07_28_and_lists_every_sample_tool()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        IList<McpClientTool> tools = await client.ListToolsAsync();

        Assert.Equal(McpHttp.Revision2026, client.NegotiatedProtocolVersion);
        Assert.Equal(["add", "delete_record", "echo", "get_customer", "read_file", "search_documents"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Valid_calls_reach_the_tools_and_return_their_results()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult add = await client.CallToolAsync("add", Args(("a", 2), ("b", 40)));
        CallToolResult echo = await client.CallToolAsync("echo", Args(("text", "grüezi — 你好")));
        CallToolResult search = await client.CallToolAsync("search_documents", Args(("query", "rate"), ("limit", 1)));
        CallToolResult delete = await client.CallToolAsync("delete_record", Args(("record_id", 7), ("reason", "cleanup")));
        CallToolResult customer = await client.CallToolAsync("get_customer", Args(("customer_id", 42)));

        Assert.NotEqual(true, add.IsError);
        Assert.Equal("42", Text(add));
        Assert.Equal("grüezi — 你好", Text(echo));
        Assert.Contains("Rate limits", Text(search), StringComparison.Ordinal);
        Assert.DoesNotContain("Onboarding", Text(search), StringComparison.Ordinal);
        Assert.Equal("Record 7 deleted. Reason: cleanup", Text(delete));
        Assert.NotEqual(true, customer.IsError);
        Assert.Equal(42, customer.StructuredContent!.Value.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_ghost_argument_is_blocked_with_a_self_healing_result()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("add", Args(("a", 1), ("b", 2), ("c", 3)));

        JsonElement block = StructuredBlock(result, "add", "ghost_arguments");
        Assert.Equal(["c"], Blocks.BlockedArguments(block));
        Assert.Contains(Blocks.FixHints(block), hint => hint.Contains("'c'", StringComparison.Ordinal));
        Assert.Equal("complete", result.ResultType ?? "complete");
    }

    [Fact]
    public async Task A_misspelled_argument_gets_a_did_you_mean_hint_and_the_missing_one_is_reported_with_it()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("delete_record", Args(("record_id", 1), ("reasn", "typo")));

        JsonElement block = StructuredBlock(result, "delete_record", "validation_error");
        Assert.Contains("reasn", Blocks.BlockedArguments(block));
        Assert.Contains("reason", Blocks.BlockedArguments(block));
        Assert.Contains(Blocks.FixHints(block), hint => hint.Contains("did you mean 'reason'", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string, string> WrongValuesForAnInteger => new()
    {
        { "numeric string", "\"5\"" },
        { "fraction", "5.5" },
        { "boolean string", "\"true\"" },
        { "boolean", "true" },
        { "null", "null" },
        { "object", "{\"value\":5}" },
        { "too large for int", "2147483648" },
    };

    [Theory]
    [MemberData(nameof(WrongValuesForAnInteger))]
    public async Task A_wrongly_typed_integer_is_a_validation_error(string description, string json)
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("add", Args(("a", JsonDocument.Parse(json).RootElement), ("b", 1)));

        JsonElement block = StructuredBlock(result, "add", "validation_error");
        Assert.True(Blocks.BlockedArguments(block).SequenceEqual(["a"]), description + ": " + block);
    }

    [Fact]
    public async Task A_missing_required_argument_is_a_validation_error_naming_it()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("add", Args(("a", 1)));

        JsonElement block = StructuredBlock(result, "add", "validation_error");
        Assert.Equal(["b"], Blocks.BlockedArguments(block));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    [InlineData(-1)]
    public async Task A_limit_outside_1_to_50_is_a_validation_error(int limit)
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("search_documents", Args(("query", "rate"), ("limit", limit)));

        JsonElement block = StructuredBlock(result, "search_documents", "validation_error");
        Assert.Equal(["limit"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task Every_problem_of_a_call_is_reported_together()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("delete_record",
            Args(("record_id", "5"), ("reason", null), ("force", true)));

        JsonElement block = StructuredBlock(result, "delete_record", "validation_error");
        Assert.Equal(["force", "reason", "record_id"], Blocks.BlockedArguments(block).Order(StringComparer.Ordinal));
        Assert.True(Blocks.FixHints(block).Length >= 3, "one hint per problem: " + block);
        Assert.Equal(3, block.GetProperty("metadata").GetProperty("error_count").GetInt32());
        Assert.Contains("record_id", Text(result), StringComparison.Ordinal);
        Assert.Contains("reason", Text(result), StringComparison.Ordinal);
        Assert.Contains("force", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_type_hints_give_a_concrete_example_value()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("add", Args(("a", "5"), ("b", 1)));

        JsonElement block = StructuredBlock(result, "add", "validation_error");
        string hint = Assert.Single(Blocks.FixHints(block));
        Assert.Contains("integer", hint, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("\"a\": ?-?[0-9]+", hint);
    }

    [Fact]
    public async Task An_unknown_tool_is_a_json_rpc_invalid_params_error_naming_the_closest_tools()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        McpProtocolException error = await Assert.ThrowsAsync<McpProtocolException>(
            async () => await client.CallToolAsync("ad", Args(("a", 1), ("b", 2))));

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Equal(-32602, (int)error.ErrorCode);
        Assert.Contains("Did you mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("'add'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_call_to_a_tool_with_an_output_schema_carries_the_block_in_meta_not_in_structured_content()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("get_customer", Args(("customer_id", "5")));

        Assert.True(result.IsError);
        Assert.StartsWith("AIRLOCK_BLOCK:", Text(result), StringComparison.Ordinal);
        Assert.Null(result.StructuredContent);
        Assert.NotNull(result.Meta);
        JsonElement block = JsonSerializer.SerializeToElement(result.Meta["io.agentairlock/block"]);
        Assert.Equal("validation_error", Blocks.AssertShape(block, "get_customer"));
        Assert.Equal(["customer_id"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task A_customer_id_outside_its_range_is_blocked_before_the_tool_runs()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("get_customer", Args(("customer_id", 0)));

        Assert.True(result.IsError);
        Assert.Null(result.StructuredContent);
        JsonElement block = JsonSerializer.SerializeToElement(result.Meta!["io.agentairlock/block"]);
        Assert.Equal("validation_error", Blocks.Reason(block));
    }
}
