using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Audit;

/// <summary>The sample as shipped (audit on), its audit files in a directory of this fixture's own.</summary>
public sealed class AuditedSampleFactory : SampleFactory;

/// <summary>
/// Every tool call through the real pipeline leaves one hash-chained record naming who called what, how Airlock
/// decided and why, the arguments' names and JSON types, what was masked and where it ran: never a value.
/// </summary>
public sealed class AuditTrailRecordsEachToolCallTests(AuditedSampleFactory factory) : IClassFixture<AuditedSampleFactory>
{
    private string Directory => factory.AuditDirectory;

    [Fact]
    public async Task An_allowed_call_whose_result_is_masked_is_recorded_with_its_agent_arguments_and_redaction_counts()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await factory.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "get_customer", """{"customer_id":42}"""));

        Blocks.AssertToolSucceeded(answer);
        JsonElement record = await AuditFiles.RecordOfAsync(Directory, id);
        Assert.Equal("allowed", AuditFiles.String(record, "Decision"));
        Assert.Equal("admin", AuditFiles.String(record, "AgentId"));
        Assert.Equal(["admin"], record.GetProperty("Roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("tools/call", AuditFiles.String(record, "Method"));
        Assert.Equal("get_customer", AuditFiles.String(record, "Tool"));
        Assert.Equal(200, record.GetProperty("HttpStatus").GetInt32());
        Assert.Equal("2025-11-25", AuditFiles.String(record, "ProtocolVersion"));
        JsonElement argument = Assert.Single(record.GetProperty("Arguments").EnumerateArray());
        Assert.Equal("customer_id", argument.GetProperty("Name").GetString());
        Assert.Equal("number", argument.GetProperty("Type").GetString());
        Assert.False(argument.TryGetProperty("Digest", out _));
        JsonElement redactions = record.GetProperty("Redactions");
        Assert.Equal(2, redactions.GetProperty("EMAIL").GetInt32());
        Assert.Equal(2, redactions.GetProperty("SSN").GetInt32());
        Assert.True(record.GetProperty("DurationMs").GetDouble() > 0);
        Assert.Matches("^[0-9a-f]{32}$", AuditFiles.String(record, "TraceId"));
        Assert.False(record.TryGetProperty("Layer", out _));
        Assert.False(record.TryGetProperty("BlockReason", out _));

        // The record holds counts, never the values masked or the arguments' values.
        string text = AuditFiles.Text(Directory);
        Assert.DoesNotContain("jane.doe42@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Doe", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_refused_for_a_ghost_argument_is_recorded_as_blocked_by_validation_with_every_argument_named()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await factory.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":2,"b":3,"c":"four"}"""));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        JsonElement record = await AuditFiles.RecordOfAsync(Directory, id);
        Assert.Equal("blocked", AuditFiles.String(record, "Decision"));
        Assert.Equal("validation", AuditFiles.String(record, "Layer"));
        Assert.Equal("ghost_arguments", AuditFiles.String(record, "BlockReason"));
        Assert.Equal(
            [("a", "number"), ("b", "number"), ("c", "string")],
            record.GetProperty("Arguments").EnumerateArray().Select(a => (a.GetProperty("Name").GetString(), a.GetProperty("Type").GetString())));
        Assert.DoesNotContain("four", AuditFiles.Text(Directory), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_the_policy_refuses_is_recorded_with_the_callers_identity_and_the_rule()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await factory.CreateClientWithKey(DemoAgents.ReaderKey).SendMcpAsync(McpHttp.ToolCall(id, "delete_record", """{"record_id":"r-1"}"""));

        Blocks.AssertBlocked(answer, "delete_record", "policy_violation");
        JsonElement record = await AuditFiles.RecordOfAsync(Directory, id);
        Assert.Equal("blocked", AuditFiles.String(record, "Decision"));
        Assert.Equal("policy", AuditFiles.String(record, "Layer"));
        Assert.Equal("policy_violation", AuditFiles.String(record, "BlockReason"));
        Assert.Equal("reader", AuditFiles.String(record, "AgentId"));
        Assert.Equal(["reader"], record.GetProperty("Roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_call_without_credentials_is_recorded_as_refused_with_its_http_status()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await factory.CreateClientWithKey(null).SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":1,"b":2}"""));

        Assert.Equal(401, (int)answer.Response.StatusCode);
        JsonElement record = await AuditFiles.RecordOfAsync(Directory, id);
        Assert.Equal("refused", AuditFiles.String(record, "Decision"));
        Assert.Equal("policy", AuditFiles.String(record, "Layer"));
        Assert.Equal("identity_required", AuditFiles.String(record, "BlockReason"));
        Assert.Equal(401, record.GetProperty("HttpStatus").GetInt32());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("AgentId").ValueKind);
    }

    [Fact]
    public async Task A_secret_in_an_argument_name_or_value_reaches_neither_the_record_nor_the_log()
    {
        string id = McpHttp.NewId();
        const string KeyAsName = "AKIAIOSFODNN7EXAMPLE";
        string secretValue = "ghp_" + new string('x', 32) + Guid.NewGuid().ToString("N")[..4];

        McpAnswer answer = await factory.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "add", $$"""{"a":1,"b":2,"{{KeyAsName}}":"{{secretValue}}"}"""));

        Blocks.AssertBlocked(answer, "add", "ghost_arguments");
        JsonElement record = await AuditFiles.RecordOfAsync(Directory, id);
        Assert.Contains(record.GetProperty("Arguments").EnumerateArray(), a => a.GetProperty("Name").GetString() == "[AWS_ACCESS_KEY_ID]");
        string text = AuditFiles.Text(Directory);
        Assert.DoesNotContain(KeyAsName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secretValue, text, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Events, e => LogCapture.Everything(e).Contains(KeyAsName, StringComparison.Ordinal));
        Assert.Contains(factory.Logs.Events, e => LogCapture.Everything(e).Contains("[AWS_ACCESS_KEY_ID]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sandboxed_call_is_recorded_with_its_backend_and_outcome()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "welcome.txt" });

        Assert.NotEqual(true, result.IsError);
        List<JsonElement> records = await AuditFiles.AtLeastAsync(Directory, 1);
        for (int attempt = 0; attempt < 100 && !records.Any(IsSandboxedReadFile); attempt++)
        {
            await Task.Delay(25);
            records = AuditFiles.Records(Directory);
        }

        JsonElement record = Assert.Single(records, IsSandboxedReadFile);
        Assert.True(AuditFiles.String(record, "Decision") == "allowed", record.ToString());
        Assert.Equal("completed", AuditFiles.String(record, "SandboxOutcome"));
        Assert.Equal("2026-07-28", AuditFiles.String(record, "ProtocolVersion"));

        static bool IsSandboxedReadFile(JsonElement r) => AuditFiles.String(r, "Tool") == "read_file" && AuditFiles.String(r, "SandboxBackend") == "bubblewrap";
    }

    [Fact]
    public async Task The_records_form_one_intact_chain_from_genesis()
    {
        HttpClient client = factory.CreateClient();
        string[] ids = [.. Enumerable.Range(0, 20).Select(_ => McpHttp.NewId())];
        foreach (string id in ids)
        {
            await client.SendMcpAsync(McpHttp.ToolCall(id, "add", """{"a":1,"b":2}"""));
        }

        await AuditFiles.RecordOfAsync(Directory, ids[^1]);
        AgentAirlock.Audit.AuditVerificationResult verdict = AuditFiles.Verify(Directory);
        Assert.True(verdict.Intact, verdict.Failure?.ToString());
        Assert.True(verdict.FromGenesis);
        Assert.True(verdict.Records >= ids.Length);
        Assert.Equal(verdict.Records, verdict.LastSequence);
    }
}
