using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// Fail closed: when the watched settings file goes away or stops parsing, the configuration the host reloads has no
/// <c>Airlock</c> section at all, whose defaults (DefaultPolicy Permissive, no API keys) would open the endpoint to
/// anyone. Airlock must not let anonymous callers in because its configuration vanished.
/// </summary>
public sealed class LostSettingsFileTests
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(60);

    private static Task<bool> AirlockSectionGoneAsync(FileBackedSampleFactory sample)
    {
        IConfiguration configuration = sample.Services.GetRequiredService<IConfiguration>();
        return PolicyWire.EventuallyAsync(() => Task.FromResult(!configuration.GetSection("Airlock:Policy").Exists()), ReloadTimeout);
    }

    [Fact]
    public async Task Deleting_the_settings_file_does_not_let_anonymous_callers_in()
    {
        await using var sample = new FileBackedSampleFactory();
        HttpClient anonymous = sample.CreateClientWithKey(null);

        File.Delete(sample.SettingsPath);
        bool gone = await AirlockSectionGoneAsync(sample);
        McpAnswer call = await anonymous.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "delete_record", PolicyWire.ValidArguments("delete_record")));
        McpAnswer list = await anonymous.SendMcpAsync(PolicyWire.ToolsList(McpHttp.NewId()));

        Assert.True(gone, "the host never reloaded its configuration without the file");
        Blocks.AssertRefused(call, 401, -32000, "Unauthorized");
        Blocks.AssertRefused(list, 401, -32000, "Unauthorized");
    }

    [Fact]
    public async Task A_settings_file_that_does_not_parse_keeps_anonymous_callers_out_even_when_another_source_reloads()
    {
        await using var sample = new FileBackedSampleFactory();
        HttpClient anonymous = sample.CreateClientWithKey(null);

        File.WriteAllText(sample.SettingsPath, "{ \"Airlock\": { \"Policy\": { \"DefaultPolicy\": \"NoAccess\", oops");
        bool gone = await AirlockSectionGoneAsync(sample);
        McpAnswer whileBroken = await anonymous.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}"""));
        sample.Reloadable.Change("Unrelated:Setting", "changed");
        McpAnswer afterAnotherReload = await anonymous.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "echo", """{"text":"x"}"""));

        Assert.True(gone, "the host never dropped the unparsable file's values");
        Blocks.AssertRefused(whileBroken, 401, -32000, "Unauthorized");
        Blocks.AssertRefused(afterAnotherReload, 401, -32000, "Unauthorized");
    }

    [Fact]
    public async Task Deleting_the_settings_file_keeps_anonymous_callers_out_when_another_source_still_supplies_airlock_keys()
    {
        await using var sample = new FileBackedSampleFactory();
        HttpClient anonymous = sample.CreateClientWithKey(null);
        IConfiguration configuration = sample.Services.GetRequiredService<IConfiguration>();

        // As an environment variable would in a container: a key of the Airlock section that outlives the file.
        sample.Reloadable.Change("Airlock:Policy:Redis:TimeoutMilliseconds", "300");
        File.Delete(sample.SettingsPath);
        bool defaultPolicyGone = await PolicyWire.EventuallyAsync(
            () => Task.FromResult(configuration["Airlock:Policy:DefaultPolicy"] is null), ReloadTimeout);
        McpAnswer call = await anonymous.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "delete_record", PolicyWire.ValidArguments("delete_record")));

        Assert.True(defaultPolicyGone, "the host never reloaded its configuration without the file");
        Assert.True(configuration.GetSection("Airlock:Policy").Exists(), "the other source's key should still be there");
        Blocks.AssertRefused(call, 401, -32000, "Unauthorized");
    }
}
