using System.Net;
using AgentAirlock.IntegrationTests.Infrastructure;
using AirlockSample;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Wire;

/// <summary>The sample's tools in a Stateful-session host, built in the test.</summary>
public sealed class StatefulServerFixture : IAsyncLifetime
{
    internal TestMcpServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await TestMcpServer.StartAsync(sessionMode: HttpServerSessionMode.Stateful, tools: b => b.WithTools<SampleTools>());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// In a Stateful host the clients speak 2025-11-25 with a session: blocked answers echo Mcp-Session-Id and honour
/// the client's framing; valid calls keep working inside the session.
/// </summary>
public sealed class StatefulSessionTests(StatefulServerFixture fixture) : IClassFixture<StatefulServerFixture>
{
    private TestMcpServer Server => fixture.Server;

    private async Task<string> InitializeAsync()
    {
        McpAnswer answer = await Server.Client.PostMcpAsync(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}""");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        string session = answer.Header("Mcp-Session-Id") ?? throw new Xunit.Sdk.XunitException("no session id: " + answer);

        HttpRequestMessage initialized = McpHttp.Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        initialized.Headers.Add("Mcp-Session-Id", session);
        McpAnswer accepted = await Server.Client.SendMcpAsync(initialized);
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        return session;
    }

    [Fact]
    public async Task The_csharp_client_falls_back_to_2025_11_25_with_a_session_and_is_blocked_for_a_ghost()
    {
        await using McpClient client = await Server.CreateMcpClientAsync();

        CallToolResult valid = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 });
        CallToolResult ghost = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3, ["c"] = 4 });

        Assert.Equal(McpHttp.Revision2025, client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.SessionId));
        Assert.Equal("5", Assert.IsType<TextContentBlock>(valid.Content[0]).Text);
        Assert.True(ghost.IsError);
        Assert.Equal("ghost_arguments", Blocks.Reason(ghost.StructuredContent!.Value));
    }

    [Fact]
    public async Task The_blocked_answer_echoes_the_session_id_as_json()
    {
        string session = await InitializeAsync();
        string id = McpHttp.NewId();
        HttpRequestMessage call = McpHttp.ToolCall(id, "add", """{"a":1,"b":2,"ghost":1}""");
        call.Headers.Add("Mcp-Session-Id", session);

        McpAnswer answer = await Server.Client.SendMcpAsync(call);

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        Assert.True(answer.IsJson, answer.ToString());
        Assert.Equal(session, answer.Header("Mcp-Session-Id"));
        Assert.False(Server.Calls.Saw(id));
    }

    [Fact]
    public async Task The_blocked_answer_echoes_the_session_id_in_an_sse_frame_when_only_event_streams_are_accepted()
    {
        string session = await InitializeAsync();
        HttpRequestMessage call = McpHttp.Post(McpHttp.ToolCallBody(McpHttp.NewId(), "echo", """{"text":5}"""), accept: "text/event-stream");
        call.Headers.Add("Mcp-Session-Id", session);

        McpAnswer answer = await Server.Client.SendMcpAsync(call);

        Blocks.AssertBlocked(answer, "echo", "validation_error");
        Assert.True(answer.IsEventStream, answer.ToString());
        Assert.Equal(session, answer.Header("Mcp-Session-Id"));
    }

    [Fact]
    public async Task A_valid_call_inside_the_session_reaches_the_tool()
    {
        string session = await InitializeAsync();
        string id = McpHttp.NewId();
        HttpRequestMessage call = McpHttp.ToolCall(id, "echo", """{"text":"in session"}""");
        call.Headers.Add("Mcp-Session-Id", session);

        McpAnswer answer = await Server.Client.SendMcpAsync(call);

        Assert.Equal("in session", Blocks.AssertToolSucceeded(answer));
        Assert.Equal(session, answer.Header("Mcp-Session-Id"));
        Assert.True(Server.Calls.Saw(id));
    }

    [Fact]
    public async Task A_2026_07_28_request_to_the_stateful_host_gets_the_sdks_version_refusal()
    {
        McpAnswer answer = await Server.Client.SendMcpAsync(McpHttp.ToolCall2026(McpHttp.NewId(), "add", """{"a":1,"b":2}"""));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(-32022, answer.ErrorCode);
    }
}
