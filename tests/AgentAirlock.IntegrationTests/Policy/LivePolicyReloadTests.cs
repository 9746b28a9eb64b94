using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// The sample started on a copy of the root appsettings.json in a temporary folder (its content root), which the
/// host watches (<c>reloadOnChange</c>, the default of WebApplication): tests edit the file as an operator would.
/// </summary>
public sealed class FileBackedSampleFactory : SampleFactory
{
    private readonly string _folder = Directory.CreateTempSubdirectory("airlock-policy-reload-").FullName;

    public FileBackedSampleFactory() => File.Copy(RepositoryRoot.AppSettingsPath, SettingsPath);

    public string SettingsPath => Path.Combine(_folder, "appsettings.json");

    protected override string ContentRoot => _folder;

    /// <summary>Rewrites the file with <paramref name="edit"/> applied to its <c>Airlock:Policy</c> section.</summary>
    public void EditPolicy(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        JsonObject root = JsonNode.Parse(File.ReadAllText(SettingsPath))!.AsObject();
        edit(root["Airlock"]!["Policy"]!.AsObject());
        File.WriteAllText(SettingsPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Editing the policy section of the watched appsettings.json changes what the next call may do, without a restart;
/// an edit that does not compile (a bad glob, window, rate or policy name) is logged, naming the key, and ignored:
/// the previous policy stays in force. Reloads are awaited by polling what a caller sees (tools/list, which spends
/// no rate-limit tokens) or the log, with a generous timeout.
/// </summary>
public sealed class LivePolicyReloadTests
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(60);

    private static async Task<string[]> VisibleToolsAsync(HttpClient client)
    {
        McpAnswer answer = await client.SendMcpAsync(PolicyWire.ToolsList(McpHttp.NewId()));
        return answer.Status == HttpStatusCode.OK ? PolicyWire.ToolNames(answer) : [];
    }

    private static Task<McpAnswer> CallAsync(HttpClient client, string tool) =>
        client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), tool, PolicyWire.ValidArguments(tool)));

    private static JsonArray Strings(params string[] values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    private static JsonObject Reader(JsonObject policy) => policy["Policies"]!["Reader"]!.AsObject();

    private static LogEvent[] RejectedReloads(SampleFactory sample) =>
        [.. sample.Logs.Events.Where(e => e.Level == LogEventLevel.Error
            && LogCapture.Scalar(e, "SourceContext") == "AgentAirlock.AirlockOptionsAccessor")];

    [Fact]
    public async Task Adding_add_to_the_readers_allowed_tools_lets_the_reader_call_it_on_the_next_call()
    {
        await using var sample = new FileBackedSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);

        McpAnswer before = await CallAsync(reader, "add");
        sample.EditPolicy(policy => Reader(policy)["AllowedTools"] = Strings("add"));
        bool landed = await PolicyWire.EventuallyAsync(async () => (await VisibleToolsAsync(reader)).Contains("add"), ReloadTimeout);
        McpAnswer after = await CallAsync(reader, "add");

        PolicyWire.AssertPolicyViolation(before, "add", "Reader", "AllowedTools", "tool_not_allowed");
        Assert.True(landed, "the reader's tools/list never showed add after the edit");
        Assert.Equal("3", Blocks.AssertToolSucceeded(after));
        Assert.Equal(["add", "get_customer", "read_file", "search_documents"], await VisibleToolsAsync(reader));
        PolicyWire.AssertPolicyViolation(await CallAsync(reader, "delete_record"), "delete_record", "Reader", "delete_*", "tool_denied");
    }

    [Fact]
    public async Task Changing_the_default_policy_lets_anonymous_callers_in_and_changing_it_back_shuts_them_out()
    {
        await using var sample = new FileBackedSampleFactory();
        HttpClient anonymous = sample.CreateClientWithKey(null);

        McpAnswer refused = await CallAsync(anonymous, "echo");
        sample.EditPolicy(policy => policy["DefaultPolicy"] = "Permissive");
        bool opened = await PolicyWire.EventuallyAsync(async () => (await anonymous.SendMcpAsync(PolicyWire.ToolsList(McpHttp.NewId()))).Status == HttpStatusCode.OK, ReloadTimeout);
        McpAnswer admitted = await CallAsync(anonymous, "echo");
        sample.EditPolicy(policy => policy["DefaultPolicy"] = "NoAccess");
        bool closed = await PolicyWire.EventuallyAsync(async () => (await anonymous.SendMcpAsync(PolicyWire.ToolsList(McpHttp.NewId()))).Status == HttpStatusCode.Unauthorized, ReloadTimeout);
        McpAnswer refusedAgain = await CallAsync(anonymous, "echo");

        Blocks.AssertRefused(refused, 401, -32000, "Unauthorized");
        Assert.True(opened, "anonymous tools/list never became 200 after DefaultPolicy=Permissive");
        Assert.Equal("hi", Blocks.AssertToolSucceeded(admitted));
        Assert.True(closed, "anonymous tools/list never became 401 again after DefaultPolicy=NoAccess");
        Blocks.AssertRefused(refusedAgain, 401, -32000, "Unauthorized");
    }

    public static TheoryData<string, string> InvalidEdits => new()
    {
        { "a bad glob", "Airlock:Policy:Policies:Reader:AllowedTools:1" },
        { "a bad time window", "Airlock:Policy:Policies:Reader:TimeWindows:0" },
        { "a bad rate", "Airlock:Policy:Policies:Reader:RateLimits:0:Limit" },
        { "an unknown default policy", "Airlock:Policy:DefaultPolicy" },
    };

    private static void ApplyInvalidEdit(JsonObject policy, string kind)
    {
        // Every invalid edit also carries a change that would be visible if it were applied: the reader would lose add.
        Reader(policy)["AllowedTools"] = Strings("get_*", "search_*");
        switch (kind)
        {
            case "a bad glob":
                Reader(policy)["AllowedTools"] = Strings("get_*", "[oops");
                break;
            case "a bad time window":
                Reader(policy)["TimeWindows"] = new JsonArray(new JsonObject { ["Tools"] = Strings("get_*"), ["Window"] = "25:00-26:00" });
                break;
            case "a bad rate":
                Reader(policy)["RateLimits"]![0]!["Limit"] = "30/fortnight";
                break;
            case "an unknown default policy":
                policy["DefaultPolicy"] = "Permisive";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidEdits))]
    public async Task An_invalid_edit_is_logged_naming_the_key_and_the_previous_policy_stays_in_force(string kind, string key)
    {
        await using var sample = new FileBackedSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);
        HttpClient anonymous = sample.CreateClientWithKey(null);
        IConfiguration configuration = sample.Services.GetRequiredService<IConfiguration>();

        // A first, valid edit: the policy in force is then no longer the one the sample started with.
        sample.EditPolicy(policy => Reader(policy)["AllowedTools"] = Strings("add"));
        Assert.True(await PolicyWire.EventuallyAsync(async () => (await VisibleToolsAsync(reader)).Contains("add"), ReloadTimeout),
            "the valid edit never took effect");

        sample.EditPolicy(policy => ApplyInvalidEdit(policy, kind));
        bool rejected = await PolicyWire.EventuallyAsync(() => Task.FromResult(RejectedReloads(sample).Length > 0), ReloadTimeout);
        McpAnswer add = await CallAsync(reader, "add");
        McpAnswer delete = await CallAsync(reader, "delete_record");
        McpAnswer stranger = await CallAsync(anonymous, "echo");

        Assert.True(rejected, kind + ": no log event reported the rejected reload");
        string problems = LogCapture.Scalar(RejectedReloads(sample)[0], "Problems") ?? string.Empty;
        Assert.Contains(key, problems, StringComparison.Ordinal);
        Assert.NotEqual("add", configuration["Airlock:Policy:Policies:Reader:AllowedTools:0"]);
        Assert.Equal("3", Blocks.AssertToolSucceeded(add));
        PolicyWire.AssertPolicyViolation(delete, "delete_record", "Reader", "delete_*", "tool_denied");
        Blocks.AssertRefused(stranger, 401, -32000, "Unauthorized");
        Assert.Contains("add", await VisibleToolsAsync(reader));
    }

    [Fact]
    public async Task After_an_ignored_edit_the_next_valid_edit_takes_effect()
    {
        await using var sample = new FileBackedSampleFactory();
        HttpClient reader = sample.CreateClientWithKey(DemoAgents.ReaderKey);

        sample.EditPolicy(policy => Reader(policy)["AllowedTools"] = Strings("get_*", "[oops"));
        Assert.True(await PolicyWire.EventuallyAsync(() => Task.FromResult(RejectedReloads(sample).Length > 0), ReloadTimeout),
            "no log event reported the rejected reload");
        string[] whileBroken = await VisibleToolsAsync(reader);
        sample.EditPolicy(policy => Reader(policy)["AllowedTools"] = Strings("get_*", "echo"));
        bool fixedLanded = await PolicyWire.EventuallyAsync(async () => (await VisibleToolsAsync(reader)).Contains("echo"), ReloadTimeout);

        Assert.Equal(PolicyWire.ReaderTools, whileBroken);
        Assert.True(fixedLanded, "the corrected edit never took effect");
        Assert.Equal(["echo", "get_customer", "read_file", "search_documents"], await VisibleToolsAsync(reader));
        Assert.Equal("hi", Blocks.AssertToolSucceeded(await CallAsync(reader, "echo")));
    }
}
