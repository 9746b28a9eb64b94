using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>
/// The admin's delete_record is governed by BusinessHours: Mon–Fri 09:00–17:00 UTC, both ends included. Outside the
/// window the call is the blocked answer with <c>time_restricted</c>, <c>retry_after_seconds</c> up to the next opening
/// and the opening itself; inside it the call runs. Each test has its own sample and moves its fake clock forward from
/// a Wednesday noon UTC.
/// </summary>
public sealed class BusinessHoursWindowTests
{
    private static readonly DateTimeOffset Wednesday = DemoAgents.InsideBusinessHours;

    private static Task<McpAnswer> AdminDeleteAsync(SampleFactory sample, string id) =>
        sample.CreateClientWithKey(DemoAgents.AdminKey).SendMcpAsync(McpHttp.ToolCall(id, "delete_record", """{"record_id":1,"reason":"cleanup"}"""));

    private static JsonElement AssertTimeRestricted(McpAnswer answer, string opensAt, double retryAfterSeconds)
    {
        JsonElement block = Blocks.AssertBlocked(answer, "delete_record", "time_restricted");
        Assert.Equal(retryAfterSeconds, PolicyWire.RetryAfterSeconds(block), 3);
        JsonElement metadata = block.GetProperty("metadata");
        Assert.Equal(opensAt, metadata.GetProperty("opens_at").GetString());
        Assert.Equal("Admin", metadata.GetProperty("policy").GetString());
        Assert.StartsWith("09:00-17:00", metadata.GetProperty("window").GetString(), StringComparison.Ordinal);
        Assert.Contains(opensAt, answer.FirstText, StringComparison.Ordinal);
        PolicyWire.AssertRevealsNoSchema(answer.Body, "record_id", "Deletes a record");
        return block;
    }

    [Fact]
    public async Task On_a_wednesday_evening_delete_record_waits_for_thursday_morning_and_then_runs()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(Wednesday.Date.AddHours(20));
        string outside = McpHttp.NewId(), inside = McpHttp.NewId();

        McpAnswer refused = await AdminDeleteAsync(sample, outside);
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));
        McpAnswer allowed = await AdminDeleteAsync(sample, inside);

        AssertTimeRestricted(refused, "2026-01-15T09:00:00Z", retryAfterSeconds: 13 * 3600);
        Assert.False(sample.Calls.Saw(outside));
        Assert.Equal("Record 1 deleted. Reason: cleanup", Blocks.AssertToolSucceeded(allowed));
        Assert.True(sample.Calls.Saw(inside));
    }

    [Fact]
    public async Task On_a_friday_evening_delete_record_waits_for_monday_morning()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 16, 17, 30, 0, TimeSpan.Zero));

        McpAnswer refused = await AdminDeleteAsync(sample, McpHttp.NewId());

        AssertTimeRestricted(refused, "2026-01-19T09:00:00Z", retryAfterSeconds: (2 * 24 + 15.5) * 3600);
    }

    [Fact]
    public async Task The_retry_after_counts_down_with_the_clock_to_the_opening()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero));

        McpAnswer hourBefore = await AdminDeleteAsync(sample, McpHttp.NewId());
        sample.Clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(30));
        McpAnswer halfMinuteBefore = await AdminDeleteAsync(sample, McpHttp.NewId());
        sample.Clock.Advance(TimeSpan.FromSeconds(30));
        McpAnswer atOpening = await AdminDeleteAsync(sample, McpHttp.NewId());

        AssertTimeRestricted(hourBefore, "2026-01-15T09:00:00Z", retryAfterSeconds: 3600);
        AssertTimeRestricted(halfMinuteBefore, "2026-01-15T09:00:00Z", retryAfterSeconds: 30);
        Blocks.AssertToolSucceeded(atOpening);
    }

    [Fact]
    public async Task The_closing_minute_is_inside_the_window_and_the_next_one_is_not()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(Wednesday.Date.AddHours(17));

        McpAnswer atClosing = await AdminDeleteAsync(sample, McpHttp.NewId());
        sample.Clock.Advance(TimeSpan.FromMinutes(1));
        McpAnswer afterClosing = await AdminDeleteAsync(sample, McpHttp.NewId());

        Blocks.AssertToolSucceeded(atClosing);
        AssertTimeRestricted(afterClosing, "2026-01-15T09:00:00Z", retryAfterSeconds: 15 * 3600 + 59 * 60);
    }

    [Fact]
    public async Task Outside_business_hours_the_admins_other_tools_still_run()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 17, 3, 0, 0, TimeSpan.Zero));
        HttpClient admin = sample.CreateClientWithKey(DemoAgents.AdminKey);

        foreach (string tool in PolicyWire.AllSampleTools.Where(t => t != "delete_record"))
        {
            Blocks.AssertToolSucceeded(await admin.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), tool, PolicyWire.ValidArguments(tool))));
        }

        AssertTimeRestricted(await AdminDeleteAsync(sample, McpHttp.NewId()), "2026-01-19T09:00:00Z", retryAfterSeconds: (2 * 24 + 6) * 3600);
    }

    [Fact]
    public async Task With_the_csharp_client_delete_record_is_time_restricted_outside_and_runs_inside()
    {
        await using var sample = new DefaultSampleFactory();
        sample.Clock.SetUtcNow(Wednesday.Date.AddHours(23));
        await using McpClient client = await sample.CreateMcpClientWithHeadersAsync(DemoAgents.KeyHeaders(DemoAgents.AdminKey));
        var arguments = new Dictionary<string, object?> { ["record_id"] = 3, ["reason"] = "late" };

        CallToolResult refused = await client.CallToolAsync("delete_record", arguments);
        sample.Clock.Advance(TimeSpan.FromHours(10));
        CallToolResult allowed = await client.CallToolAsync("delete_record", arguments);

        JsonElement block = PolicyWire.BlockOf(refused);
        Assert.Equal("time_restricted", Blocks.AssertShape(block, "delete_record"));
        Assert.Equal(10 * 3600, PolicyWire.RetryAfterSeconds(block), 3);
        Assert.Equal("2026-01-15T09:00:00Z", block.GetProperty("metadata").GetProperty("opens_at").GetString());
        Assert.Equal("complete", refused.ResultType ?? "complete");
        Assert.NotEqual(true, allowed.IsError);
        Assert.Equal("Record 3 deleted. Reason: late", Assert.IsType<TextContentBlock>(allowed.Content[0]).Text);
    }

    [Fact]
    public async Task The_reader_is_refused_delete_record_by_its_policy_whatever_the_hour()
    {
        await using var sample = new DefaultSampleFactory();

        McpAnswer answer = await sample.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(
            McpHttp.ToolCall(McpHttp.NewId(), "delete_record", """{"record_id":1,"reason":"x"}"""));

        PolicyWire.AssertPolicyViolation(answer, "delete_record", "Reader", "delete_*", "tool_denied");
    }
}
