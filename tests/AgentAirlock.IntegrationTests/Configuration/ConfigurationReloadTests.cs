using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Configuration;

/// <summary>A sample instance of its own: these tests change its configuration while it runs.</summary>
public sealed class ReloadingSampleFactory : SampleFactory;

/// <summary>
/// Airlock reads its options on every request: a change in a reloadable configuration source takes effect on the
/// next call, without a restart.
/// </summary>
public sealed class ConfigurationReloadTests(ReloadingSampleFactory factory) : IClassFixture<ReloadingSampleFactory>, IDisposable
{
    private readonly HttpClient _http = factory.CreateClient();

    public void Dispose() => factory.Reloadable.Reset();

    /// <summary>
    /// Applies a value the options validator refuses. The in-memory source raises its reload on the writer's thread, so
    /// the validation failure may surface here; a file source raises it on a background thread. Either way the
    /// server's behaviour is what the tests check.
    /// </summary>
    private void ChangeToInvalid(string key, string value)
    {
        try
        {
            factory.Reloadable.Change(key, value);
        }
        catch (AggregateException)
        {
        }
    }

    private Task<McpAnswer> GhostCallAsync(string id) => _http.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":1,"b":2,"ghost":"x"}"""));

    [Fact]
    public async Task Switching_unknown_arguments_to_strip_and_back_takes_effect_on_the_next_call()
    {
        string before = McpHttp.NewId(), during = McpHttp.NewId(), after = McpHttp.NewId();

        McpAnswer rejected = await GhostCallAsync(before);
        factory.Reloadable.Change("Airlock:Validation:UnknownArguments", "Strip");
        McpAnswer stripped = await GhostCallAsync(during);
        factory.Reloadable.Change("Airlock:Validation:UnknownArguments", "Reject");
        McpAnswer rejectedAgain = await GhostCallAsync(after);

        Blocks.AssertBlocked(rejected, "add", "ghost_arguments");
        Assert.Equal("3", Blocks.AssertToolSucceeded(stripped));
        Assert.Equal(["a", "b"], factory.Calls.Single(during).Arguments!.Keys.Order(StringComparer.Ordinal));
        Blocks.AssertBlocked(rejectedAgain, "add", "ghost_arguments");
        Assert.False(factory.Calls.Saw(before));
        Assert.False(factory.Calls.Saw(after));
    }

    [Fact]
    public async Task Disabling_airlock_and_enabling_it_again_takes_effect_on_the_next_call()
    {
        string off = McpHttp.NewId(), on = McpHttp.NewId();

        factory.Reloadable.Change("Airlock:Enabled", "false");
        McpAnswer unprotected = await GhostCallAsync(off);
        McpAnswer duplicate = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":1,"a":40,"b":2}"""));
        factory.Reloadable.Change("Airlock:Enabled", "true");
        McpAnswer protectedAgain = await GhostCallAsync(on);

        Assert.Equal("3", Blocks.AssertToolSucceeded(unprotected));
        Assert.True(factory.Calls.Single(off).Arguments!.ContainsKey("ghost"), "with Airlock off the SDK receives the ghost");
        Assert.Equal("42", Blocks.AssertToolSucceeded(duplicate));
        Blocks.AssertBlocked(protectedAgain, "add", "ghost_arguments");
        Assert.False(factory.Calls.Saw(on));
    }

    [Fact]
    public async Task A_per_tool_override_added_at_run_time_applies_to_that_tool_only()
    {
        string addId = McpHttp.NewId();

        factory.Reloadable.Change("Airlock:Validation:PerTool:add:UnknownArguments", "Strip");
        McpAnswer add = await GhostCallAsync(addId);
        McpAnswer echo = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x","ghost":1}"""));

        Assert.Equal("3", Blocks.AssertToolSucceeded(add));
        Assert.False(factory.Calls.Single(addId).Arguments!.ContainsKey("ghost"));
        Blocks.AssertBlocked(echo, "echo", "ghost_arguments");
    }

    [Fact]
    public async Task A_per_tool_setting_of_the_root_appsettings_can_be_overridden_at_run_time()
    {
        McpAnswer stripped = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "search_documents", """{"query":"rate","ghost":1}"""));
        factory.Reloadable.Change("Airlock:Validation:PerTool:search_documents:UnknownArguments", "Reject");
        McpAnswer rejected = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "search_documents", """{"query":"rate","ghost":1}"""));

        Blocks.AssertToolSucceeded(stripped);
        Blocks.AssertBlocked(rejected, "search_documents", "ghost_arguments");
    }

    [Fact]
    public async Task Relaxing_strict_types_takes_effect_on_the_next_call()
    {
        McpAnswer strict = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":"5","b":2}"""));
        factory.Reloadable.Change("Airlock:Validation:StrictTypes", "false");
        McpAnswer relaxed = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":"5","b":2}"""));
        McpAnswer stillWrong = await _http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "add", """{"a":"five","b":2}"""));

        Blocks.AssertBlocked(strict, "add", "validation_error");
        Assert.Equal("7", Blocks.AssertToolSucceeded(relaxed));
        Blocks.AssertBlocked(stillWrong, "add", "validation_error");
    }

    [Fact]
    public async Task Lowering_the_body_limit_takes_effect_on_the_next_call()
    {
        string body = McpHttp.ToolCallBody(McpHttp.NewId(), "echo", "{\"text\":\"" + new string('x', 400) + "\"}");

        McpAnswer accepted = await _http.PostMcpAsync(body);
        factory.Reloadable.Change("Airlock:Envelope:MaxRequestBytes", "256");
        McpAnswer refused = await _http.PostMcpAsync(body);

        Blocks.AssertToolSucceeded(accepted);
        Blocks.AssertRefused(refused, 413, -32600, "256");
    }

    [Fact]
    public async Task An_invalid_reload_leaves_non_mcp_routes_untouched()
    {
        ChangeToInvalid("Airlock:Envelope:MaxDepth", "0");

        using HttpResponseMessage home = await _http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, home.StatusCode);
        Assert.StartsWith("Agent Airlock sample", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Airlock:Envelope:MaxDepth", "0")]
    [InlineData("Airlock:Validation:UnknownArguments", "Bogus")]
    public async Task An_invalid_reload_keeps_the_last_valid_configuration_in_force(string key, string value)
    {
        string id = McpHttp.NewId();
        ChangeToInvalid(key, value);

        McpAnswer ghost = await GhostCallAsync(id);

        Blocks.AssertBlocked(ghost, "add", "ghost_arguments");
        Assert.False(factory.Calls.Saw(id));
    }
}
