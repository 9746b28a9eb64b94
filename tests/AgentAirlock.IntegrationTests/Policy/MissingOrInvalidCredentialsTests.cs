using System.Net;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// The sample's default policy (NoAccess) requires an identity: a request to the MCP endpoint without a credential,
/// or with a credential that identifies no one, is HTTP 401 with <c>WWW-Authenticate</c> and a JSON-RPC error, whatever
/// the method, and never reaches the SDK; odd credentials never crash the server.
/// </summary>
public sealed class MissingOrInvalidCredentialsTests(DefaultSampleFactory sample) : IClassFixture<DefaultSampleFactory>
{
    private readonly HttpClient _anonymous = sample.CreateClientWithKey(null);

    public static TheoryData<string> Methods => new() { "tools/call", "tools/call 2026-07-28", "tools/list", "tools/list 2026-07-28", "initialize", "ping" };

    public static TheoryData<string> Credentials => new()
    {
        "none",
        "wrong X-API-Key",
        "wrong bearer",
        "empty X-API-Key",
        "empty bearer",
        "the reader key with a changed letter",
        "the admin key in the wrong case",
        "a 20000-character key",
        "a non-ASCII key",
        "a bearer token shaped like a JWT",
        "basic authentication",
        "both demo keys in two X-API-Key headers",
    };

    private static HttpRequestMessage Message(string method, string id) => method switch
    {
        "tools/call" => McpHttp.ToolCall(id, "get_customer", """{"customer_id":7}"""),
        "tools/call 2026-07-28" => McpHttp.ToolCall2026(id, "get_customer", """{"customer_id":7}"""),
        "tools/list" => PolicyWire.ToolsList(id),
        "tools/list 2026-07-28" => PolicyWire.ToolsList2026(id),
        "initialize" => PolicyWire.Initialize(id),
        "ping" => McpHttp.Post(McpHttp.Request(id, "ping", "{}")),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private static HttpRequestMessage WithCredential(HttpRequestMessage request, string credential) => credential switch
    {
        "none" => request,
        "wrong X-API-Key" => request.WithApiKey("airlock-demo-nobody"),
        "wrong bearer" => request.WithBearer("airlock-demo-nobody"),
        "empty X-API-Key" => request.WithApiKey(string.Empty),
        "empty bearer" => WithAuthorization(request, "Bearer "),
        "the reader key with a changed letter" => request.WithApiKey("airlock-demo-readex"),
        "the admin key in the wrong case" => request.WithApiKey(DemoAgents.AdminKey.ToUpperInvariant()),
        "a 20000-character key" => request.WithApiKey(new string('k', 20_000)),
        "a non-ASCII key" => request.WithApiKey("airlock-démo-读者-🔑"),
        "a bearer token shaped like a JWT" => request.WithBearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.c2ln"),
        "basic authentication" => WithAuthorization(request, "Basic YWRtaW46YWRtaW4="),
        "both demo keys in two X-API-Key headers" => WithTwoKeys(request),
        _ => throw new ArgumentOutOfRangeException(nameof(credential), credential, null),
    };

    private static HttpRequestMessage WithTwoKeys(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation(DemoAgents.ApiKeyHeader, [DemoAgents.ReaderKey, DemoAgents.AdminKey]);
        return request;
    }

    private static HttpRequestMessage WithAuthorization(HttpRequestMessage request, string value)
    {
        request.Headers.TryAddWithoutValidation("Authorization", value);
        return request;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task A_request_without_a_key_is_401_with_www_authenticate_and_a_json_rpc_error(string method)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _anonymous.SendMcpAsync(Message(method, id));

        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
        Assert.Equal(id, answer.Message.GetProperty("id").GetString());
        Assert.Contains("ApiKey", answer.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Contains("X-API-Key", answer.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.False(sample.Calls.Saw(id));
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task A_tools_call_with_a_missing_or_invalid_credential_is_401_never_a_crash(string credential)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _anonymous.SendMcpAsync(WithCredential(Message("tools/call", id), credential));

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{credential}: expected 401, got {answer}");
        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
        Assert.False(string.IsNullOrEmpty(answer.Header("WWW-Authenticate")), credential + ": no WWW-Authenticate header");
        Assert.False(sample.Calls.Saw(id), credential + ": the call reached the tool");
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task A_tools_list_with_a_missing_or_invalid_credential_is_401(string credential)
    {
        McpAnswer answer = await _anonymous.SendMcpAsync(WithCredential(PolicyWire.ToolsList(McpHttp.NewId()), credential));

        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
        Assert.False(string.IsNullOrEmpty(answer.Header("WWW-Authenticate")), credential + ": no WWW-Authenticate header");
        Assert.DoesNotContain("inputSchema", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task An_initialize_with_a_missing_or_invalid_credential_is_401(string credential)
    {
        McpAnswer answer = await _anonymous.SendMcpAsync(WithCredential(PolicyWire.Initialize(McpHttp.NewId()), credential));

        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
        Assert.False(string.IsNullOrEmpty(answer.Header("WWW-Authenticate")), credential + ": no WWW-Authenticate header");
    }

    [Fact]
    public async Task A_wrong_key_is_told_apart_from_a_missing_one()
    {
        McpAnswer missing = await _anonymous.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}"""));
        McpAnswer wrong = await _anonymous.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}""").WithApiKey("airlock-demo-nobody"));
        McpAnswer wrongBearer = await _anonymous.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}""").WithBearer("airlock-demo-nobody"));

        Assert.Contains("requires an identified caller", missing.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("API key is not valid", wrong.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("bearer token is not a configured API key", wrongBearer.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("airlock-demo-nobody", wrong.Body + wrong.Response.Headers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_next_to_a_valid_bearer_key_is_still_refused()
    {
        // X-API-Key is read first: a caller may not hide a bad key behind a good one.
        HttpRequestMessage request = McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}""").WithApiKey("airlock-demo-nobody").WithBearer(DemoAgents.AdminKey);

        McpAnswer answer = await _anonymous.SendMcpAsync(request);

        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
    }

    [Fact]
    public async Task The_csharp_client_without_a_key_cannot_connect_and_sees_401()
    {
        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(
            async () => await sample.CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders(null)));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task The_csharp_client_with_a_wrong_key_cannot_connect_and_sees_401()
    {
        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(
            async () => await sample.CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders("airlock-demo-nobody")));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData("X-API-Key")]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    public async Task A_demo_key_is_accepted_in_either_header(string header)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall(id, "search_documents", """{"query":"rate","limit":1}""");
        if (header == "X-API-Key")
        {
            request.WithApiKey(DemoAgents.ReaderKey);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", header + " " + DemoAgents.ReaderKey);
        }

        McpAnswer answer = await _anonymous.SendMcpAsync(request);

        Assert.Contains("Rate limits", Blocks.AssertToolSucceeded(answer), StringComparison.Ordinal);
        Assert.True(sample.Calls.Saw(id));
    }

    [Fact]
    public async Task Routes_other_than_the_mcp_endpoint_need_no_key()
    {
        using HttpResponseMessage home = await _anonymous.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
