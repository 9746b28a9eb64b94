using System.Net;
using System.Text;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Wire;

/// <summary>What Airlock does not inspect (GET and DELETE on the MCP endpoint, every other route) is answered exactly as without it.</summary>
public sealed class PassThroughTests(SamplePair samples) : IClassFixture<SamplePair>
{
    private sealed record Observed(HttpStatusCode Status, string? MediaType, string Body, string Allow);

    private static async Task<Observed> SendAsync(HttpClient client, HttpMethod method, string path, string? accept = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        string allow = response.Content.Headers.TryGetValues("Allow", out IEnumerable<string>? values) ? string.Join(",", values) : string.Empty;
        return new Observed(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), allow);
    }

    public static TheoryData<string, string, string?, string?> Requests => new()
    {
        { "GET", "/mcp", McpHttp.BothAccepted, null },
        { "GET", "/mcp", "text/event-stream", null },
        { "DELETE", "/mcp", McpHttp.BothAccepted, null },
        { "GET", "/", null, null },
        { "POST", "/", McpHttp.BothAccepted, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"a":2}}}""" },
        { "POST", "/not-mcp", McpHttp.BothAccepted, "{ not json" },
        { "GET", "/mcp/extra", null, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task The_answer_is_the_same_as_without_airlock(string method, string path, string? accept, string? body)
    {
        Observed with = await SendAsync(samples.WithAirlock.CreateClient(), new HttpMethod(method), path, accept, body);
        Observed without = await SendAsync(samples.WithoutAirlock.CreateClient(), new HttpMethod(method), path, accept, body);

        Assert.Equal(without, with);
    }

    [Fact]
    public async Task The_home_page_is_served_untouched()
    {
        Observed home = await SendAsync(samples.WithAirlock.CreateClient(), HttpMethod.Get, "/");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.StartsWith("Agent Airlock sample", home.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_on_the_stateless_mcp_endpoint_is_the_sdks_405()
    {
        Observed get = await SendAsync(samples.WithAirlock.CreateClient(), HttpMethod.Get, "/mcp", McpHttp.BothAccepted);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.Status);
    }

    public static TheoryData<string, string> ValidMessages => new()
    {
        { McpHttp.Revision2025, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}""" },
        { McpHttp.Revision2025, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""" },
        { McpHttp.Revision2025, """{"jsonrpc":"2.0","id":3,"method":"ping"}""" },
        { McpHttp.Revision2025, """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}}""" },
        { McpHttp.Revision2025, """{"jsonrpc":"2.0","id":"five","method":"tools/call","params":{"name":"search_documents","arguments":{"query":"rate limits","limit":2}}}""" },
        { McpHttp.Revision2025, """{"jsonrpc":"2.0","id":6,"method":"foo/bar","params":{}}""" },
        { McpHttp.Revision2025, """{"jsonrpc":"2.0","method":"notifications/initialized"}""" },
    };

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public async Task The_sdks_answer_to_a_valid_message_is_byte_for_byte_the_same_as_without_airlock(string revision, string body)
    {
        McpAnswer with = await samples.WithAirlock.CreateClient().SendMcpAsync(McpHttp.Post(body, revision));
        McpAnswer without = await samples.WithoutAirlock.CreateClient().SendMcpAsync(McpHttp.Post(body, revision));

        Assert.Equal(without.Status, with.Status);
        Assert.Equal(without.MediaType, with.MediaType);
        Assert.Equal(without.Body, with.Body);
    }

    [Fact]
    public async Task A_valid_2026_07_28_call_gets_the_same_answer_as_without_airlock()
    {
        McpAnswer with = await samples.WithAirlock.CreateClient().SendMcpAsync(McpHttp.ToolCall2026("same", "echo", """{"text":"héllo"}"""));
        McpAnswer without = await samples.WithoutAirlock.CreateClient().SendMcpAsync(McpHttp.ToolCall2026("same", "echo", """{"text":"héllo"}"""));

        Assert.Equal(without.Status, with.Status);
        Assert.Equal(without.Body, with.Body);
    }
}
