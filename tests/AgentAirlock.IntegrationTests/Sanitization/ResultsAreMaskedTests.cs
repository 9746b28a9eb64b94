using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using AgentAirlock.IntegrationTests.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sanitization;

/// <summary>
/// Tool results leave with their personal data and secrets masked: text blocks, every string of structured content at
/// any depth, the text of embedded resources; as SSE (frame by frame, while the call streams) and as plain JSON.
/// </summary>
public sealed class ResultsAreMaskedTests(LeakyToolsServers servers) : IClassFixture<LeakyToolsServers>
{
    [Fact]
    public async Task A_text_block_is_masked_with_the_default_strategies()
    {
        McpAnswer answer = await CallAsync(servers.Defaults, "leak_text",
            """{"text":"mail ada.lovelace@example.com, card 4111-1111-1111-1111, key ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""");

        string text = Blocks.AssertToolSucceeded(answer);
        Assert.Equal("mail a***@example.com, card **** **** **** 1111, key ghp_aaa...aaaa", text);
        AssertNoneOf(answer.Body, "ada.lovelace@", "4111-1111-1111-1111", "ghp_aaaaaaaaaaaa");
    }

    [Fact]
    public async Task Every_string_of_structured_content_is_masked_at_any_depth_and_the_rest_is_kept()
    {
        await using McpClient client = await servers.Defaults.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("leak_contact");

        JsonElement structured = result.StructuredContent!.Value;
        Assert.Equal("Ada", structured.GetProperty("name").GetString());
        Assert.Equal("a***@example.com", structured.GetProperty("email").GetString());
        Assert.Equal("+* ***-***-0132", structured.GetProperty("phones")[0].GetString());
        Assert.Equal("none", structured.GetProperty("phones")[1].GetString());
        Assert.Equal("**** **** **** 4444", structured.GetProperty("card").GetProperty("number").GetString());
        Assert.Equal("card on file", structured.GetProperty("card").GetProperty("note").GetString());
        string serialized = JsonSerializer.Serialize(result);
        AssertNoneOf(serialized, "ada.lovelace@", "415-555-0132", "5555 5555 5555 4444");
    }

    [Fact]
    public async Task The_text_of_an_embedded_resource_is_masked()
    {
        await using McpClient client = await servers.Defaults.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("leak_resource");

        Assert.Equal("see the attached configuration", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
        var resource = Assert.IsType<TextResourceContents>(Assert.IsType<EmbeddedResourceBlock>(result.Content[1]).Resource);
        Assert.Equal("AWS_ACCESS_KEY_ID=AKIAIOS...MPLE\nREGION=eu-west-1\n", resource.Text);
        Assert.Equal("file:///config/app.env", resource.Uri);
    }

    [Fact]
    public async Task A_streamed_result_is_masked_while_its_progress_notifications_flow_ahead_of_it()
    {
        LeakyTools.ProgressSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using McpClient client = await servers.Defaults.CreateMcpClientAsync();
        var progress = new SynchronousProgress(value =>
        {
            if (value.Message == "halfway")
            {
                LeakyTools.ProgressSeen.TrySetResult();
            }
        });

        CallToolResult result = await client.CallToolAsync("slow_leak", progress: progress);

        Assert.True(LeakyTools.ProgressSeen.Task.IsCompletedSuccessfully);
        Assert.Equal("done; contact g***@example.com", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task A_result_of_a_tool_of_this_server_is_masked_before_the_sdk_serializes_it()
    {
        McpAnswer answer = await CallAsync(servers.Defaults, "leak_contact", "{}");

        // The SDK's serializer escapes '+' (as \u002B); the rewrite of a serialized answer writes a masked string with
        // JSON's own escapes only. The escaped '+' of the masked phone shows which of the two wrote it.
        Assert.Contains("\"\\u002B* ***-***-0132\"", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"+* ***-***-0132\"", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_object_the_tool_keeps_is_masked_in_every_answer_and_left_as_it_was()
    {
        McpAnswer first = await CallAsync(servers.Defaults, "leak_shared", "{}");
        McpAnswer second = await CallAsync(servers.Defaults, "leak_shared", "{}");

        Assert.Equal("owner g***@example.com", Blocks.AssertToolSucceeded(first));
        Assert.Equal("owner g***@example.com", Blocks.AssertToolSucceeded(second));
        Assert.Equal("owner grace.hopper@example.com", Assert.IsType<TextContentBlock>(LeakyTools.SharedResult.Content[0]).Text);
    }

    [Fact]
    public async Task The_error_result_the_sdk_makes_of_a_failing_tool_is_masked_too()
    {
        // The SDK turns the exception into a result outside the call-tool filters, so the serialized answer is rewritten.
        McpAnswer answer = await CallAsync(servers.Defaults, "leak_failure", "{}");

        Assert.True(answer.Result.GetProperty("isError").GetBoolean(), answer.ToString());
        Assert.Contains("could not reach", answer.FirstText, StringComparison.Ordinal);
        AssertNoneOf(answer.Body, "S3cretPassw0rd");
    }

    [Fact]
    public async Task A_plain_json_answer_is_masked_as_well()
    {
        string id = McpHttp.NewId();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/json-mcp")
        {
            Content = new StringContent(McpHttp.ToolCallBody(id, "leak_text", """{"text":"ssn 078-05-1120 on file"}"""), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", McpHttp.BothAccepted);
        request.Headers.Add("MCP-Protocol-Version", McpHttp.Revision2025);

        McpAnswer answer = await servers.Defaults.Client.SendMcpAsync(request);

        Assert.True(answer.IsJson, answer.ToString());
        Assert.Equal("ssn [REDACTED] on file", answer.FirstText);
    }

    [Fact]
    public async Task Per_field_strategies_allowed_fields_allowed_domains_and_hash_tokens_apply()
    {
        await using McpClient client = await servers.WithRules.CreateMcpClientAsync();

        CallToolResult contact = await client.CallToolAsync("leak_contact");
        McpAnswer first = await CallAsync(servers.WithRules, "leak_text", """{"text":"a@trusted.example and b@mail.trusted.example and grace@example.com"}""");
        McpAnswer second = await CallAsync(servers.WithRules, "leak_text", """{"text":"grace@example.com"}""");

        JsonElement structured = contact.StructuredContent!.Value;
        Assert.Equal("[EMAIL]", structured.GetProperty("email").GetString());
        Assert.Equal("+1 415-555-0132", structured.GetProperty("phones")[0].GetString());
        string masked = Blocks.AssertToolSucceeded(first);
        Assert.StartsWith("a@trusted.example and b@mail.trusted.example and [EMAIL:", masked, StringComparison.Ordinal);
        Assert.Matches(@"\[EMAIL:[0-9a-f]{8}\]$", masked);
        Assert.Equal(masked[^16..], Blocks.AssertToolSucceeded(second));
    }

    [Fact]
    public async Task With_the_sanitizer_off_results_pass_untouched()
    {
        McpAnswer answer = await CallAsync(servers.Off, "leak_text", """{"text":"mail ada.lovelace@example.com"}""");

        Assert.Equal("mail ada.lovelace@example.com", Blocks.AssertToolSucceeded(answer));
    }

    internal static Task<McpAnswer> CallAsync(TestMcpServer server, string tool, string argumentsJson) =>
        server.Client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), tool, argumentsJson));

    internal static void AssertNoneOf(string text, params string[] values)
    {
        foreach (string value in values)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Reports on the caller's thread, so that a notification is handled as soon as it arrives.</summary>
    private sealed class SynchronousProgress(Action<ProgressNotificationValue> handler) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => handler(value);
    }
}
