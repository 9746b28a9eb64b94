using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>The sample with a default policy that lets anonymous callers in (Permissive).</summary>
public sealed class PermissiveSampleFactory : SampleFactory
{
    protected override string? ApiKey => null;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Airlock:Policy:DefaultPolicy"] = "Permissive",
    };
}

/// <summary>
/// Even where anonymous callers are welcome, a caller that presents a credential is either identified by it or
/// refused with HTTP 401: a credential no scheme accepts, or two credentials at once, never fall back to the
/// anonymous policy.
/// </summary>
public sealed class PresentedCredentialsAreNeverIgnoredTests(PermissiveSampleFactory sample) : IClassFixture<PermissiveSampleFactory>
{
    private readonly HttpClient _client = sample.CreateClientWithKey(null);

    private static HttpRequestMessage Echo(string id) => McpHttp.ToolCall(id, "echo", """{"text":"x"}""");

    [Fact]
    public async Task Without_a_credential_the_anonymous_caller_gets_the_default_policy()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _client.SendMcpAsync(Echo(id));

        Blocks.AssertToolSucceeded(answer);
        Assert.True(sample.Calls.Saw(id));
    }

    [Theory]
    [InlineData("a bearer token shaped like a JWT, with no JWT scheme")]
    [InlineData("basic authentication")]
    [InlineData("a wrong X-API-Key")]
    public async Task A_credential_no_scheme_accepts_is_401(string credential)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = Echo(id);
        switch (credential)
        {
            case "a bearer token shaped like a JWT, with no JWT scheme":
                request.WithBearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.c2ln");
                break;
            case "basic authentication":
                request.Headers.TryAddWithoutValidation("Authorization", "Basic YWRtaW46YWRtaW4=");
                break;
            default:
                request.WithApiKey("airlock-demo-nobody");
                break;
        }

        McpAnswer answer = await _client.SendMcpAsync(request);

        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
        Assert.False(string.IsNullOrEmpty(answer.Header("WWW-Authenticate")));
        Assert.False(sample.Calls.Saw(id));
    }

    [Theory]
    [InlineData("airlock-demo-nobody")]
    [InlineData("airlock-demo-admin")]
    public async Task A_valid_key_next_to_a_second_credential_is_401(string bearer)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = Echo(id).WithApiKey(DemoAgents.AdminKey).WithBearer(bearer);

        McpAnswer answer = await _client.SendMcpAsync(request);

        Blocks.AssertRefused(answer, 401, -32000, "Unauthorized");
        Assert.Contains("send one credential", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.False(sample.Calls.Saw(id));
    }
}
