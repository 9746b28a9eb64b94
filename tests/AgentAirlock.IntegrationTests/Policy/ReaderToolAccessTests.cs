using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// The sample's reader (role reader: the Reader policy, which extends ReadOnly) may call get_customer and
/// search_documents; add is not among its allowed tools and delete_record matches the denied glob <c>delete_*</c>.
/// A refusal is the blocked answer with <c>policy_violation</c>, names the policy and the rule, reveals nothing of the
/// tool's schema, and the tool does not run. Checked with the C# client (2026-07-28) and raw HTTP (2025-11-25).
/// (These tests make a handful of allowed reader calls: far below the reader's 30 a minute on the fixture's frozen clock.)
/// </summary>
public sealed class ReaderToolAccessTests(DefaultSampleFactory sample) : IClassFixture<DefaultSampleFactory>
{
    private static readonly string[] AddSchemaWords = ["addend", "Adds two integers"];
    private static readonly string[] DeleteSchemaWords = ["record_id", "Deletes a record", "Why the record is deleted"];

    private Task<McpClient> ReaderClientAsync() => sample.CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders(DemoAgents.ReaderKey));

    private Task<McpAnswer> ReaderCallAsync(HttpRequestMessage request) => sample.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(request);

    [Fact]
    public async Task With_the_csharp_client_the_reader_calls_get_customer_and_search_documents()
    {
        await using McpClient client = await ReaderClientAsync();

        CallToolResult customer = await client.CallToolAsync("get_customer", new Dictionary<string, object?> { ["customer_id"] = 42 });
        CallToolResult search = await client.CallToolAsync("search_documents", new Dictionary<string, object?> { ["query"] = "rate", ["limit"] = 1 });

        Assert.Equal(McpHttp.Revision2026, client.NegotiatedProtocolVersion);
        Assert.NotEqual(true, customer.IsError);
        Assert.Equal(42, customer.StructuredContent!.Value.GetProperty("id").GetInt32());
        Assert.NotEqual(true, search.IsError);
        Assert.Contains("Rate limits", Assert.IsType<TextContentBlock>(search.Content[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_csharp_client_the_reader_is_refused_add_as_not_allowed()
    {
        await using McpClient client = await ReaderClientAsync();
        int addsBefore = sample.Calls.All.Count(c => c.ToolName == "add");

        CallToolResult result = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });

        JsonElement block = PolicyWire.BlockOf(result);
        Assert.Equal("policy_violation", Blocks.AssertShape(block, "add"));
        PolicyWire.AssertPolicyMetadata(block, "Reader", "AllowedTools", "tool_not_allowed");
        PolicyWire.AssertRevealsNoSchema(JsonSerializer.Serialize(result), AddSchemaWords);
        Assert.Equal(addsBefore, sample.Calls.All.Count(c => c.ToolName == "add"));
    }

    [Fact]
    public async Task With_the_csharp_client_the_reader_is_refused_delete_record_by_the_delete_glob()
    {
        await using McpClient client = await ReaderClientAsync();
        int deletesBefore = sample.Calls.All.Count(c => c.ToolName == "delete_record");

        CallToolResult result = await client.CallToolAsync("delete_record", new Dictionary<string, object?> { ["record_id"] = 1, ["reason"] = "x" });

        JsonElement block = PolicyWire.BlockOf(result);
        Assert.Equal("policy_violation", Blocks.AssertShape(block, "delete_record"));
        PolicyWire.AssertPolicyMetadata(block, "Reader", "delete_*", "tool_denied");
        PolicyWire.AssertRevealsNoSchema(JsonSerializer.Serialize(result), DeleteSchemaWords);
        Assert.Equal(deletesBefore, sample.Calls.All.Count(c => c.ToolName == "delete_record"));
    }

    [Theory]
    [InlineData("get_customer")]
    [InlineData("search_documents")]
    public async Task On_2025_11_25_the_reader_calls_its_read_tools(string tool)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await ReaderCallAsync(McpHttp.ToolCall(id, tool, PolicyWire.ValidArguments(tool)));

        Blocks.AssertToolSucceeded(answer);
        Assert.Equal(tool, sample.Calls.Single(id).ToolName);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task On_the_raw_wire_the_reader_is_refused_add_and_the_tool_does_not_run(string revision)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = revision == McpHttp.Revision2025
            ? McpHttp.ToolCall(id, "add", """{"a":1,"b":2}""")
            : McpHttp.ToolCall2026(id, "add", """{"a":1,"b":2}""");

        McpAnswer answer = await ReaderCallAsync(request);

        JsonElement block = PolicyWire.AssertPolicyViolation(answer, "add", "Reader", "AllowedTools", "tool_not_allowed", AddSchemaWords);
        Assert.Contains("read_*", block.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, answer.Message.GetProperty("id").GetString());
        Assert.False(sample.Calls.Saw(id));
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task On_the_raw_wire_the_reader_is_refused_delete_record_and_the_tool_does_not_run(string revision)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = revision == McpHttp.Revision2025
            ? McpHttp.ToolCall(id, "delete_record", """{"record_id":1,"reason":"x"}""")
            : McpHttp.ToolCall2026(id, "delete_record", """{"record_id":1,"reason":"x"}""");

        McpAnswer answer = await ReaderCallAsync(request);

        PolicyWire.AssertPolicyViolation(answer, "delete_record", "Reader", "delete_*", "tool_denied", DeleteSchemaWords);
        Assert.False(sample.Calls.Saw(id));
    }

    [Fact]
    public async Task A_refused_call_with_invalid_arguments_is_still_a_policy_violation_not_a_schema_lesson()
    {
        // The policy runs before validation: a caller who may not call the tool learns nothing of its parameters.
        string id = McpHttp.NewId();

        McpAnswer answer = await ReaderCallAsync(McpHttp.ToolCall(id, "delete_record", """{"record_idd":"x","ghost":1}"""));

        PolicyWire.AssertPolicyViolation(answer, "delete_record", "Reader", "delete_*", "tool_denied", DeleteSchemaWords);
        Assert.DoesNotContain("did you mean", answer.Body, StringComparison.OrdinalIgnoreCase);
    }
}
