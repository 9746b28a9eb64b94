using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Wire;

/// <summary>On 2026-07-28 the Mcp-Method / Mcp-Name headers must agree with the body; Airlock refuses disagreement as the SDK does.</summary>
public sealed class HeaderAgreementTests(SamplePair samples) : IClassFixture<SamplePair>
{
    private readonly HttpClient _http = samples.WithAirlock.CreateClient();

    [Fact]
    public async Task An_mcp_name_header_that_differs_from_params_name_is_a_header_mismatch()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall2026(id, "add", """{"a":1,"b":2}""", nameHeader: "echo"));

        Blocks.AssertRefused(answer, 400, -32020, "Mcp-Name", "'echo'", "'add'");
        Assert.False(samples.WithAirlock.Calls.Saw(id));
    }

    [Fact]
    public async Task A_header_mismatch_is_refused_even_when_the_arguments_carry_a_ghost()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall2026(id, "echo", """{"text":"x","ghost":1}""", nameHeader: "add"));

        Blocks.AssertRefused(answer, 400, -32020);
        Assert.False(samples.WithAirlock.Calls.Saw(id));
    }

    [Fact]
    public async Task A_missing_mcp_name_header_is_refused()
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall2026(id, "add", """{"a":1,"b":2}""");
        request.Headers.Remove("Mcp-Name");

        McpAnswer answer = await _http.SendMcpAsync(request);

        Blocks.AssertRefused(answer, 400, -32020, "Mcp-Name");
        Assert.False(samples.WithAirlock.Calls.Saw(id));
    }

    [Fact]
    public async Task An_mcp_method_header_that_differs_from_the_body_is_refused()
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall2026(id, "add", """{"a":1,"b":2}""");
        request.SetHeader("Mcp-Method", "tools/list");

        McpAnswer answer = await _http.SendMcpAsync(request);

        Assert.Equal(400, (int)answer.Status);
        Assert.Contains("Mcp-Method", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.False(samples.WithAirlock.Calls.Saw(id));
    }

    [Fact]
    public async Task The_refusal_has_the_same_status_and_code_as_the_sdk_without_airlock()
    {
        McpAnswer with = await _http.SendMcpAsync(McpHttp.ToolCall2026(McpHttp.NewId(), "add", """{"a":1,"b":2}""", nameHeader: "echo"));
        McpAnswer without = await samples.WithoutAirlock.CreateClient().SendMcpAsync(McpHttp.ToolCall2026(McpHttp.NewId(), "add", """{"a":1,"b":2}""", nameHeader: "echo"));

        Assert.Equal(without.Status, with.Status);
        Assert.Equal(without.ErrorCode, with.ErrorCode);
    }

    [Fact]
    public async Task Agreeing_headers_let_a_valid_call_through()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall2026(id, "add", """{"a":20,"b":22}"""));

        Assert.Equal("42", Blocks.AssertToolSucceeded(answer));
        Assert.True(samples.WithAirlock.Calls.Saw(id));
    }

    [Fact]
    public async Task A_tool_name_written_with_escapes_agrees_with_its_plain_mcp_name_header()
    {
        string id = McpHttp.NewId();
        string body = McpHttp.ToolCallBody2026(id, "\\u0061dd", """{"a":1,"b":2}""");
        HttpRequestMessage request = McpHttp.Post(body, McpHttp.Revision2026);
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", "add");

        McpAnswer answer = await _http.SendMcpAsync(request);

        Assert.Equal("3", Blocks.AssertToolSucceeded(answer));
        Assert.Equal("add", samples.WithAirlock.Calls.Single(id).ToolName);
    }
}
