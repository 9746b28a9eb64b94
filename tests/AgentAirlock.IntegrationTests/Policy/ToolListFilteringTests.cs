using System.Text;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// tools/list shows each caller only the tools it may call now: the reader its three read tools, the admin all six
/// inside business hours and five outside (delete_record is closed). The SDK's answers are SSE; the JSON framing is
/// checked on a host whose MCP endpoint answers plain application/json, as a proxied server may.
/// </summary>
public sealed class ToolListFilteringTests
{
    private static readonly string[] AdminOutsideHours = ["add", "echo", "get_customer", "read_file", "search_documents"];

    private static async Task<McpAnswer> ListAsync(SampleFactory sample, string key) =>
        await sample.CreateClientWithKey(key).SendMcpAsync(PolicyWire.ToolsList(McpHttp.NewId()));

    private static async Task<string[]> ListWithCsharpClientAsync(SampleFactory sample, string key)
    {
        await using McpClient client = await sample.CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders(key));
        Assert.Equal(McpHttp.Revision2026, client.NegotiatedProtocolVersion);
        return [.. (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task With_the_csharp_client_the_reader_sees_its_three_tools_and_the_admin_all_six_inside_business_hours()
    {
        await using var sample = new DefaultSampleFactory();

        Assert.Equal(PolicyWire.ReaderTools, await ListWithCsharpClientAsync(sample, DemoAgents.ReaderKey));
        Assert.Equal(PolicyWire.AllSampleTools, await ListWithCsharpClientAsync(sample, DemoAgents.AdminKey));
    }

    [Fact]
    public async Task With_the_csharp_client_the_admin_sees_five_tools_outside_business_hours()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 17, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(AdminOutsideHours, await ListWithCsharpClientAsync(sample, DemoAgents.AdminKey));
        Assert.Equal(PolicyWire.ReaderTools, await ListWithCsharpClientAsync(sample, DemoAgents.ReaderKey));
    }

    [Fact]
    public async Task On_2025_11_25_the_filtered_list_is_still_one_sse_frame()
    {
        await using var sample = new DefaultSampleFactory();

        McpAnswer reader = await ListAsync(sample, DemoAgents.ReaderKey);
        McpAnswer admin = await ListAsync(sample, DemoAgents.AdminKey);

        Assert.True(reader.IsEventStream, "expected the SDK's SSE framing, got " + reader);
        Assert.StartsWith("event: message\n", reader.Body.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(PolicyWire.ReaderTools, PolicyWire.ToolNames(reader));
        Assert.True(admin.IsEventStream);
        Assert.Equal(PolicyWire.AllSampleTools, PolicyWire.ToolNames(admin));
    }

    [Fact]
    public async Task The_admins_list_changes_when_the_clock_leaves_and_reenters_business_hours()
    {
        await using var sample = new DefaultSampleFactory();

        string[] noon = PolicyWire.ToolNames(await ListAsync(sample, DemoAgents.AdminKey));
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 14, 17, 1, 0, TimeSpan.Zero));
        string[] evening = PolicyWire.ToolNames(await ListAsync(sample, DemoAgents.AdminKey));
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));
        string[] nextMorning = PolicyWire.ToolNames(await ListAsync(sample, DemoAgents.AdminKey));

        Assert.Equal(PolicyWire.AllSampleTools, noon);
        Assert.Equal(AdminOutsideHours, evening);
        Assert.Equal(PolicyWire.AllSampleTools, nextMorning);
    }

    [Fact]
    public async Task The_tools_the_reader_sees_are_byte_for_byte_those_the_admin_sees()
    {
        await using var sample = new DefaultSampleFactory();

        McpAnswer reader = await ListAsync(sample, DemoAgents.ReaderKey);
        McpAnswer admin = await ListAsync(sample, DemoAgents.AdminKey);

        Dictionary<string, string> adminTools = admin.Result.GetProperty("tools").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetRawText(), StringComparer.Ordinal);
        foreach (JsonElement tool in reader.Result.GetProperty("tools").EnumerateArray())
        {
            Assert.Equal(adminTools[tool.GetProperty("name").GetString()!], tool.GetRawText());
        }

        Assert.DoesNotContain("addend", reader.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("record_id", reader.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_2026_07_28_by_hand_the_reader_sees_its_three_tools_and_the_revisions_fields_stay()
    {
        await using var sample = new DefaultSampleFactory();

        McpAnswer reader = await sample.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(PolicyWire.ToolsList2026(McpHttp.NewId()));

        Assert.Equal(PolicyWire.ReaderTools, PolicyWire.ToolNames(reader));
        Assert.Equal("complete", reader.Result.GetProperty("resultType").GetString());
        Assert.True(reader.Result.TryGetProperty("_meta", out _), "the 2026-07-28 _meta was lost: " + reader);
    }

    [Theory]
    [InlineData("reader", new[] { "get_customer", "read_file", "search_documents" })]
    [InlineData("admin", new[] { "add", "delete_record", "echo", "get_customer", "read_file", "search_documents" })]
    public async Task A_plain_json_tools_list_is_filtered_and_stays_plain_json(string agent, string[] expected)
    {
        await using PolicyTestHost host = await PolicyTestHost.StartAsync(map: MapJsonUpstream);
        HttpRequestMessage request = PolicyWire.ToolsList(McpHttp.NewId());
        request.RequestUri = new Uri(JsonUpstreamPath, UriKind.Relative);

        McpAnswer answer = await host.Client.SendMcpAsync(request.WithApiKey(agent == "reader" ? DemoAgents.ReaderKey : DemoAgents.AdminKey));

        Assert.True(answer.IsJson, "expected application/json, got " + answer);
        Assert.Equal(expected, PolicyWire.ToolNames(answer));
        long? length = answer.Response.Content.Headers.ContentLength;
        Assert.True(length is null || length == Encoding.UTF8.GetByteCount(answer.Body), $"Content-Length {length} does not match the rewritten body: {answer}");
        Assert.Equal("upstream", answer.Result.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_plain_json_tools_list_outside_business_hours_hides_delete_record_from_the_admin()
    {
        await using PolicyTestHost host = await PolicyTestHost.StartAsync(map: MapJsonUpstream, now: new DateTimeOffset(2026, 1, 18, 12, 0, 0, TimeSpan.Zero));
        HttpRequestMessage request = PolicyWire.ToolsList(McpHttp.NewId());
        request.RequestUri = new Uri(JsonUpstreamPath, UriKind.Relative);

        McpAnswer answer = await host.Client.SendMcpAsync(request.WithApiKey(DemoAgents.AdminKey));

        Assert.True(answer.IsJson, "expected application/json, got " + answer);
        Assert.Equal(AdminOutsideHours, PolicyWire.ToolNames(answer));
    }

    private const string JsonUpstreamPath = "/upstream/mcp";

    /// <summary>
    /// An MCP endpoint (marked as the SDK marks its own: it produces <see cref="JsonRpcError"/>) that answers tools/list
    /// with a plain JSON body and a Content-Length, as an MCP server behind a proxy may.
    /// </summary>
    private static void MapJsonUpstream(WebApplication app) =>
        app.MapPost(JsonUpstreamPath, async (HttpContext context) =>
        {
            using JsonDocument request = await JsonDocument.ParseAsync(context.Request.Body);
            string tools = string.Join(",", PolicyWire.AllSampleTools.Select(name =>
                "{\"name\":\"" + name + "\",\"description\":\"upstream " + name + "\",\"inputSchema\":{\"type\":\"object\"}}"));
            byte[] body = Encoding.UTF8.GetBytes("{\"result\":{\"tools\":[" + tools + "],\"note\":\"upstream\"},\"id\":"
                + request.RootElement.GetProperty("id").GetRawText() + ",\"jsonrpc\":\"2.0\"}");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        }).WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(JsonRpcError), ["application/json"]));
}
