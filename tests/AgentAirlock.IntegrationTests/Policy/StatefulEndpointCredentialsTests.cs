using System.Net;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>The sample's tools and reference policy in a Stateful-session host, where GET and DELETE are MCP endpoints too.</summary>
public sealed class StatefulPolicyHostFixture : IAsyncLifetime
{
    internal PolicyTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await PolicyTestHost.StartAsync(sessionMode: HttpServerSessionMode.Stateful);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// In stateful mode GET (the standalone event stream) and DELETE (ending a session) need a credential like POST, and
/// the MCP session id is not one: a request that carries a valid session id but no key is 401.
/// </summary>
public sealed class StatefulEndpointCredentialsTests(StatefulPolicyHostFixture fixture) : IClassFixture<StatefulPolicyHostFixture>
{
    private PolicyTestHost Host => fixture.Host;

    private static HttpRequestMessage Bare(HttpMethod method, string? session = null)
    {
        var request = new HttpRequestMessage(method, "/mcp");
        request.Headers.TryAddWithoutValidation("Accept", McpHttp.BothAccepted);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", McpHttp.Revision2025);
        if (session is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        }

        return request;
    }

    private static HttpRequestMessage WithCredential(HttpRequestMessage request, string credential) => credential switch
    {
        "none" => request,
        "wrong X-API-Key" => request.WithApiKey("airlock-demo-nobody"),
        "wrong bearer" => request.WithBearer("airlock-demo-nobody"),
        _ => throw new ArgumentOutOfRangeException(nameof(credential), credential, null),
    };

    private async Task<string> OpenSessionAsAdminAsync()
    {
        McpAnswer initialized = await Host.Client.SendMcpAsync(PolicyWire.Initialize(McpHttp.NewId()).WithApiKey(DemoAgents.AdminKey));
        Assert.Equal(HttpStatusCode.OK, initialized.Status);
        return initialized.Header("Mcp-Session-Id") ?? throw new Xunit.Sdk.XunitException("no session id: " + initialized);
    }

    private static void AssertChallenged(McpAnswer answer, string what)
    {
        Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{what}: expected 401, got {answer}");
        Assert.False(string.IsNullOrEmpty(answer.Header("WWW-Authenticate")), what + ": no WWW-Authenticate header");
        Assert.True(answer.IsJson, what + ": expected a JSON-RPC error body, got " + answer);
        Assert.Equal(-32000, answer.ErrorCode);
    }

    [Theory]
    [InlineData("GET", "none")]
    [InlineData("GET", "wrong X-API-Key")]
    [InlineData("GET", "wrong bearer")]
    [InlineData("DELETE", "none")]
    [InlineData("DELETE", "wrong X-API-Key")]
    [InlineData("DELETE", "wrong bearer")]
    public async Task Get_and_delete_without_a_valid_key_are_401(string method, string credential)
    {
        McpAnswer answer = await Host.Client.SendMcpAsync(WithCredential(Bare(new HttpMethod(method)), credential));

        AssertChallenged(answer, $"{method} with {credential}");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Get_and_delete_with_a_live_session_id_but_no_key_are_401(string method)
    {
        string session = await OpenSessionAsAdminAsync();

        McpAnswer answer = await Host.Client.SendMcpAsync(Bare(new HttpMethod(method), session));

        AssertChallenged(answer, method + " with a session id only");
    }

    [Fact]
    public async Task A_tools_call_with_a_live_session_id_but_no_key_is_401_and_does_not_run()
    {
        string session = await OpenSessionAsAdminAsync();
        string id = McpHttp.NewId();
        HttpRequestMessage call = McpHttp.ToolCall(id, "add", """{"a":1,"b":2}""");
        call.Headers.Add("Mcp-Session-Id", session);

        McpAnswer answer = await Host.Client.SendMcpAsync(call);

        AssertChallenged(answer, "tools/call with a session id only");
        Assert.False(Host.Calls.Saw(id));
    }

    [Fact]
    public async Task A_readers_call_in_an_admins_session_is_judged_by_the_readers_policy()
    {
        string session = await OpenSessionAsAdminAsync();
        string id = McpHttp.NewId();
        HttpRequestMessage call = McpHttp.ToolCall(id, "add", """{"a":1,"b":2}""").WithApiKey(DemoAgents.ReaderKey);
        call.Headers.Add("Mcp-Session-Id", session);

        McpAnswer answer = await Host.Client.SendMcpAsync(call);

        PolicyWire.AssertPolicyViolation(answer, "add", "Reader", "AllowedTools", "tool_not_allowed", "addend");
        Assert.Equal(session, answer.Header("Mcp-Session-Id"));
        Assert.False(Host.Calls.Saw(id));
    }

    [Fact]
    public async Task With_the_admin_key_delete_ends_the_session_as_the_sdk_does()
    {
        string session = await OpenSessionAsAdminAsync();

        McpAnswer deleted = await Host.Client.SendMcpAsync(Bare(HttpMethod.Delete, session).WithApiKey(DemoAgents.AdminKey));

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
    }

    [Fact]
    public async Task With_a_key_get_without_a_session_is_the_sdks_own_answer_not_401()
    {
        McpAnswer answer = await Host.Client.SendMcpAsync(Bare(HttpMethod.Get).WithApiKey(DemoAgents.ReaderKey));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task The_csharp_client_with_the_admin_key_falls_back_to_a_session_and_calls_tools()
    {
        await using McpClient client = await Host.CreateMcpClientAsync(DemoAgents.KeyHeaders(DemoAgents.AdminKey));

        CallToolResult result = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 });

        Assert.Equal(McpHttp.Revision2025, client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.SessionId));
        Assert.Equal("5", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }
}
