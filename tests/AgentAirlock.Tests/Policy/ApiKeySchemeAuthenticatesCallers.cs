using System.Security.Claims;
using AgentAirlock.Policy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.Tests.Policy;

public sealed class ApiKeySchemeAuthenticatesCallers : IDisposable
{
    private const string ReaderKey = "airlock-demo-reader";
    private const string AdminKey = "airlock-demo-admin";
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl";

    private readonly IConfigurationRoot _configuration;
    private readonly ServiceProvider _services;
    private readonly List<IServiceScope> _requests = [];

    public ApiKeySchemeAuthenticatesCallers()
    {
        _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Airlock:Policy:Identity:ApiKeys:reader:Sha256"] = ApiKeyDigestsAreSha256.Sha256Hex(ReaderKey),
            ["Airlock:Policy:Identity:ApiKeys:reader:AgentId"] = "reader-agent",
            ["Airlock:Policy:Identity:ApiKeys:reader:Roles:0"] = "reader",
            ["Airlock:Policy:Identity:ApiKeys:admin:Sha256"] = ApiKeyDigestsAreSha256.Sha256Hex(AdminKey).ToUpperInvariant(),
            ["Airlock:Policy:Identity:ApiKeys:admin:AgentId"] = "admin-agent",
            ["Airlock:Policy:Identity:ApiKeys:admin:Roles:0"] = "admin",
            ["Airlock:Policy:Identity:ApiKeys:admin:Roles:1"] = "reader",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddAirlockApiKeys();
        services.AddAirlock(_configuration);
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        foreach (IServiceScope request in _requests)
        {
            request.Dispose();
        }

        _services.Dispose();
    }

    /// <summary>A request, with its own service scope as ASP.NET Core gives it (authentication handlers are per request).</summary>
    private DefaultHttpContext Context(params (string Name, string Value)[] headers)
    {
        IServiceScope request = _services.CreateScope();
        _requests.Add(request);
        var context = new DefaultHttpContext { RequestServices = request.ServiceProvider };
        foreach ((string name, string value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    private Task<AuthenticateResult> AuthenticateAsync(params (string Name, string Value)[] headers) =>
        Context(headers).AuthenticateAsync(AirlockApiKeyDefaults.AuthenticationScheme);

    private static ClaimsPrincipal Succeeded(AuthenticateResult result)
    {
        Assert.True(result.Succeeded, result.Failure?.Message ?? "no result");
        return result.Principal!;
    }

    [Fact]
    public async Task A_key_in_the_x_api_key_header_authenticates_its_agent()
    {
        ClaimsPrincipal user = Succeeded(await AuthenticateAsync(("X-API-Key", ReaderKey)));

        Assert.True(user.Identity!.IsAuthenticated);
        Assert.Equal(AirlockApiKeyDefaults.AuthenticationScheme, user.Identity.AuthenticationType);
        Assert.Equal("reader-agent", user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("reader-agent", user.Identity.Name);
        Assert.Equal("reader", user.FindFirstValue(AirlockApiKeyDefaults.KeyNameClaimType));
        Assert.True(user.IsInRole("reader"));
        Assert.False(user.IsInRole("admin"));
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER  ")]
    public async Task A_key_as_a_bearer_token_authenticates_its_agent(string scheme)
    {
        ClaimsPrincipal user = Succeeded(await AuthenticateAsync(("Authorization", scheme + AdminKey)));

        Assert.Equal("admin-agent", user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("admin", user.FindFirstValue(AirlockApiKeyDefaults.KeyNameClaimType));
        Assert.Equal(["admin", "reader"], user.FindAll(ClaimTypes.Role).Select(c => c.Value));
    }

    [Fact]
    public async Task A_wrong_key_fails_authentication()
    {
        AuthenticateResult result = await AuthenticateAsync(("X-API-Key", "airlock-demo-guess"));

        Assert.False(result.Succeeded);
        Assert.False(result.None);
        Assert.Equal("The API key is not valid.", result.Failure!.Message);
    }

    [Fact]
    public async Task A_wrong_bearer_token_that_is_not_a_jwt_fails_authentication()
    {
        AuthenticateResult result = await AuthenticateAsync(("Authorization", "Bearer not-a-key"));

        Assert.False(result.Succeeded);
        Assert.Equal("The bearer token is not a configured API key.", result.Failure!.Message);
    }

    [Fact]
    public async Task The_hash_itself_is_not_a_key()
    {
        AuthenticateResult result = await AuthenticateAsync(("X-API-Key", ApiKeyDigestsAreSha256.Sha256Hex(ReaderKey)));

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public async Task A_failure_never_repeats_the_presented_key()
    {
        AuthenticateResult result = await AuthenticateAsync(("X-API-Key", "sk-live-do-not-echo-me"));

        Assert.DoesNotContain("do-not-echo", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jwt_shaped_bearer_token_is_left_to_another_scheme()
    {
        AuthenticateResult result = await AuthenticateAsync(("Authorization", "Bearer " + Jwt));

        Assert.True(result.None);
        Assert.Null(result.Failure);
    }

    [Theory]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz")]
    [InlineData("Authorization", "Bearer")]
    [InlineData("X-API-Key", "")]
    [InlineData("X-Other", "airlock-demo-reader")]
    public async Task No_key_at_all_is_no_result(string header, string value)
    {
        AuthenticateResult result = await AuthenticateAsync((header, value));

        Assert.True(result.None);
    }

    [Fact]
    public async Task No_headers_at_all_is_no_result()
    {
        Assert.True((await AuthenticateAsync()).None);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("the same key")]
    [InlineData("another key")]
    public async Task A_key_next_to_an_authorization_header_fails_whatever_that_header_holds(string authorization)
    {
        string bearer = authorization switch
        {
            "JWT" => Jwt,
            "the same key" => ReaderKey,
            _ => "airlock-demo-nobody",
        };

        AuthenticateResult result = await AuthenticateAsync(("X-API-Key", ReaderKey), ("Authorization", "Bearer " + bearer));

        Assert.False(result.Succeeded);
        Assert.Equal("Both an X-API-Key and an Authorization header were sent; send one credential.", result.Failure!.Message);
    }

    [Fact]
    public async Task No_claim_carries_the_key_or_its_hash()
    {
        ClaimsPrincipal user = Succeeded(await AuthenticateAsync(("X-API-Key", ReaderKey)));
        string hash = ApiKeyDigestsAreSha256.Sha256Hex(ReaderKey);

        Assert.All(user.Claims, claim =>
        {
            Assert.DoesNotContain(ReaderKey, claim.Value, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, claim.Value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Keys_are_read_live_from_the_options()
    {
        const string NewKey = "airlock-new-key";
        Assert.False((await AuthenticateAsync(("X-API-Key", NewKey))).Succeeded);

        _configuration["Airlock:Policy:Identity:ApiKeys:new:Sha256"] = ApiKeyDigestsAreSha256.Sha256Hex(NewKey);
        _configuration["Airlock:Policy:Identity:ApiKeys:new:AgentId"] = "new-agent";
        _configuration["Airlock:Policy:Identity:ApiKeys:reader:Sha256"] = ApiKeyDigestsAreSha256.Sha256Hex("rotated");
        _configuration.Reload();

        ClaimsPrincipal user = Succeeded(await AuthenticateAsync(("X-API-Key", NewKey)));
        Assert.Equal("new-agent", user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.False((await AuthenticateAsync(("X-API-Key", ReaderKey))).Succeeded);
        Assert.True((await AuthenticateAsync(("X-API-Key", "rotated"))).Succeeded);
    }

    [Fact]
    public async Task Claim_types_follow_the_identity_options()
    {
        _configuration["Airlock:Policy:Identity:AgentIdClaimType"] = "agent_id";
        _configuration["Airlock:Policy:Identity:RoleClaimType"] = "airlock_role";
        _configuration.Reload();
        HttpContext context = Context(("X-API-Key", AdminKey));

        ClaimsPrincipal user = Succeeded(await context.AuthenticateAsync(AirlockApiKeyDefaults.AuthenticationScheme));

        Assert.Equal("admin-agent", user.FindFirstValue("agent_id"));
        Assert.Equal(["admin", "reader"], user.FindAll("airlock_role").Select(c => c.Value));
        Assert.True(user.IsInRole("admin"));

        context.User = user;
        var options = new IdentityOptions { AgentIdClaimType = "agent_id", RoleClaimType = "airlock_role" };
        AgentIdentity identity = AgentIdentity.From(context, options);
        Assert.Equal("admin-agent", identity.AgentId);
        Assert.Equal(["admin", "reader"], identity.Roles);
    }

    [Fact]
    public async Task A_challenge_is_401_with_www_authenticate_naming_the_header()
    {
        HttpContext context = Context();

        await context.ChallengeAsync(AirlockApiKeyDefaults.AuthenticationScheme);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Equal("ApiKey realm=\"Agent Airlock\", header=\"X-API-Key\"", context.Response.Headers.WWWAuthenticate.ToString());
    }
}
