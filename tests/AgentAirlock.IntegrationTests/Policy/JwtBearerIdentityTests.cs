using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// A host authenticated by the standard JWT bearer scheme (no Airlock API keys): tokens signed with a symmetric key,
/// <c>sub</c> the agent id and <c>role</c> the roles. Role reader is governed by a policy extending ReadOnly with
/// 3 calls a minute per agent; role operator by a policy allowing everything; anyone else by NoAccess.
/// </summary>
public sealed class JwtHostFixture : IAsyncLifetime
{
    public const string Issuer = "https://issuer.airlock.test";
    public const string Audience = "airlock-mcp";

    internal static SymmetricSecurityKey SigningKey { get; } = new(RandomNumberGenerator.GetBytes(64));

    internal PolicyTestHost Host { get; private set; } = null!;

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Airlock:Policy:DefaultPolicy"] = "NoAccess",
        ["Airlock:Policy:Policies:NoAccess:RequireIdentity"] = "true",
        ["Airlock:Policy:Policies:NoAccess:DefaultDeny"] = "true",
        ["Airlock:Policy:Policies:JwtReaders:Extends"] = "ReadOnly",
        ["Airlock:Policy:Policies:JwtReaders:RequireIdentity"] = "true",
        ["Airlock:Policy:Policies:JwtReaders:Roles:0"] = "reader",
        ["Airlock:Policy:Policies:JwtReaders:RateLimits:0:Tools:0"] = "*",
        ["Airlock:Policy:Policies:JwtReaders:RateLimits:0:Limit"] = "3/minute",
        ["Airlock:Policy:Policies:JwtReaders:RateLimits:0:Scope"] = "PerAgent",
        ["Airlock:Policy:Policies:Operators:RequireIdentity"] = "true",
        ["Airlock:Policy:Policies:Operators:Roles:0"] = "operator",
    };

    public async Task InitializeAsync() => Host = await PolicyTestHost.StartAsync(
        Settings(),
        configure: builder => builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options => options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = SigningKey,
            }),
        now: DateTimeOffset.UtcNow);

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Signs a token locally (HS256) with <c>sub</c> and <c>role</c> (a string, or an array for several roles).</summary>
    public static string Token(string subject, object? role, SecurityKey? key = null, DateTime? expires = null, string audience = Audience)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (role is not null)
        {
            claims["role"] = role;
        }

        DateTime expiry = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = expiry.AddHours(-2),
            IssuedAt = expiry.AddHours(-2),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }
}

/// <summary>
/// With JWT bearer authentication the token's <c>sub</c> is the agent id and its <c>role</c> claims choose the
/// policy: through the C# client, a reader token gets ReadOnly's tools (and its own rate-limit bucket), an operator
/// token everything; a missing, forged or expired token is 401 with the scheme's <c>WWW-Authenticate: Bearer</c>.
/// </summary>
public sealed class JwtBearerIdentityTests(JwtHostFixture fixture) : IClassFixture<JwtHostFixture>
{
    private PolicyTestHost Host => fixture.Host;

    private static string NewAgent() => "agent-" + Guid.NewGuid().ToString("N")[..8];

    private Task<McpClient> ClientAsync(string token) =>
        Host.CreateMcpClientAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });

    private static Dictionary<string, object?> Args(string tool) => PolicyWire.ValidArgumentsObject(tool);

    [Fact]
    public async Task A_reader_token_lists_and_calls_only_the_read_tools()
    {
        await using McpClient client = await ClientAsync(JwtHostFixture.Token(NewAgent(), "reader"));

        IList<McpClientTool> tools = await client.ListToolsAsync();
        CallToolResult customer = await client.CallToolAsync("get_customer", Args("get_customer"));
        CallToolResult add = await client.CallToolAsync("add", Args("add"));

        Assert.Equal(McpHttp.Revision2026, client.NegotiatedProtocolVersion);
        Assert.Equal(PolicyWire.ReaderTools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.NotEqual(true, customer.IsError);
        JsonElement block = PolicyWire.BlockOf(add);
        Assert.Equal("policy_violation", Blocks.AssertShape(block, "add"));
        PolicyWire.AssertPolicyMetadata(block, "JwtReaders", "AllowedTools", "tool_not_allowed");
    }

    [Fact]
    public async Task An_operator_token_lists_and_calls_every_tool()
    {
        await using McpClient client = await ClientAsync(JwtHostFixture.Token(NewAgent(), "operator"));

        IList<McpClientTool> tools = await client.ListToolsAsync();
        CallToolResult add = await client.CallToolAsync("add", Args("add"));
        CallToolResult delete = await client.CallToolAsync("delete_record", Args("delete_record"));

        Assert.Equal(PolicyWire.AllSampleTools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal("3", Assert.IsType<TextContentBlock>(add.Content[0]).Text);
        Assert.NotEqual(true, delete.IsError);
    }

    [Fact]
    public async Task A_token_with_several_roles_is_governed_by_the_role_that_has_a_policy()
    {
        await using McpClient client = await ClientAsync(JwtHostFixture.Token(NewAgent(), new[] { "auditor", "reader" }));

        IList<McpClientTool> tools = await client.ListToolsAsync();
        CallToolResult delete = await client.CallToolAsync("delete_record", Args("delete_record"));

        Assert.Equal(PolicyWire.ReaderTools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        PolicyWire.AssertPolicyMetadata(PolicyWire.BlockOf(delete), "JwtReaders", "delete_*", "tool_denied");
    }

    [Fact]
    public async Task A_token_without_a_role_with_a_policy_gets_the_default_policy_which_allows_nothing()
    {
        await using McpClient client = await ClientAsync(JwtHostFixture.Token(NewAgent(), "auditor"));

        IList<McpClientTool> tools = await client.ListToolsAsync();
        CallToolResult echo = await client.CallToolAsync("echo", Args("echo"));

        Assert.Empty(tools);
        PolicyWire.AssertPolicyMetadata(PolicyWire.BlockOf(echo), "NoAccess", "DefaultDeny", "tool_not_allowed");
    }

    [Fact]
    public async Task The_sub_claim_is_the_agent_id_each_agent_has_its_own_rate_limit_bucket()
    {
        string first = NewAgent(), second = NewAgent();
        await using McpClient one = await ClientAsync(JwtHostFixture.Token(first, "reader"));
        await using McpClient sameAgentOtherToken = await ClientAsync(JwtHostFixture.Token(first, "reader", expires: DateTime.UtcNow.AddMinutes(30)));
        await using McpClient other = await ClientAsync(JwtHostFixture.Token(second, "reader"));

        for (int call = 0; call < 2; call++)
        {
            Assert.NotEqual(true, (await one.CallToolAsync("get_customer", Args("get_customer"))).IsError);
        }

        Assert.NotEqual(true, (await sameAgentOtherToken.CallToolAsync("search_documents", Args("search_documents"))).IsError);
        CallToolResult fourth = await sameAgentOtherToken.CallToolAsync("get_customer", Args("get_customer"));
        CallToolResult otherAgent = await other.CallToolAsync("get_customer", Args("get_customer"));

        JsonElement block = PolicyWire.BlockOf(fourth);
        Assert.Equal("rate_limit", Blocks.Reason(block));
        Assert.Equal("3/minute", block.GetProperty("metadata").GetProperty("limit").GetString());
        Assert.Equal(20, PolicyWire.RetryAfterSeconds(block), 3);
        Assert.NotEqual(true, otherAgent.IsError);
    }

    [Fact]
    public async Task The_decision_log_names_the_agent_from_the_sub_claim()
    {
        string agent = NewAgent();
        await using McpClient client = await ClientAsync(JwtHostFixture.Token(agent, "reader"));

        await client.CallToolAsync("add", Args("add"));

        FakeLogRecord decision = Assert.Single(Host.Logs.GetSnapshot(), r => r.Category == "AgentAirlock.Audit.DecisionSink"
            && r.GetStructuredStateValue("AgentId") == agent);
        Assert.Equal("policy", decision.GetStructuredStateValue("Layer"));
        Assert.Equal("blocked", decision.GetStructuredStateValue("Outcome"));
        Assert.Equal("policy_violation", decision.GetStructuredStateValue("Reason"));
        Assert.Equal("add", decision.GetStructuredStateValue("Tool"));
    }

    public static TheoryData<string> BadTokens => new()
    {
        "none",
        "signed with another key",
        "expired",
        "for another audience",
        "garbage",
        "an API key",
    };

    private static string? BadToken(string kind) => kind switch
    {
        "none" => null,
        "signed with another key" => JwtHostFixture.Token("intruder", "operator", key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64))),
        "expired" => JwtHostFixture.Token("late", "operator", expires: DateTime.UtcNow.AddHours(-1)),
        "for another audience" => JwtHostFixture.Token("elsewhere", "operator", audience: "another-service"),
        "garbage" => "eyJ.not-a.token",
        "an API key" => DemoAgents.AdminKey,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_missing_or_invalid_token_is_401_with_a_bearer_challenge(string kind)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall(id, "echo", """{"text":"x"}""");
        if (BadToken(kind) is string token)
        {
            request.WithBearer(token);
        }

        McpAnswer answer = await Host.Client.SendMcpAsync(request);

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{kind}: expected 401, got {answer}");
        Assert.StartsWith("Bearer", answer.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
        Assert.False(Host.Calls.Saw(id));
    }

    [Fact]
    public async Task The_csharp_client_with_a_forged_token_cannot_connect_and_sees_401()
    {
        string forged = JwtHostFixture.Token("intruder", "operator", key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)));

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(async () => await ClientAsync(forged));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
