using System.Net.Http.Headers;
using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Policy;

/// <summary>Requests and assertions shared by the policy tests.</summary>
internal static class PolicyWire
{
    public static readonly string[] AllSampleTools = ["add", "delete_record", "echo", "get_customer", "read_file", "search_documents"];

    public static readonly string[] ReaderTools = ["get_customer", "read_file", "search_documents"];

    /// <summary>Valid arguments for each sample tool.</summary>
    public static string ValidArguments(string tool) => tool switch
    {
        "add" => """{"a":1,"b":2}""",
        "echo" => """{"text":"hi"}""",
        "get_customer" => """{"customer_id":7}""",
        "search_documents" => """{"query":"rate","limit":1}""",
        "delete_record" => """{"record_id":1,"reason":"cleanup"}""",
        "read_file" => """{"path":"welcome.txt"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, "not a sample tool"),
    };

    public static Dictionary<string, object?> ValidArgumentsObject(string tool) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(ValidArguments(tool))!
            .ToDictionary(pair => pair.Key, pair => (object?)pair.Value, StringComparer.Ordinal);

    public static HttpRequestMessage WithApiKey(this HttpRequestMessage request, string key)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.SetHeader(DemoAgents.ApiKeyHeader, key);
        return request;
    }

    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>A 2025-11-25 tools/list (the SDK answers it as one SSE frame when the client accepts both framings).</summary>
    public static HttpRequestMessage ToolsList(string id, string accept = McpHttp.BothAccepted) =>
        McpHttp.Post(McpHttp.Request(id, "tools/list", "{}"), McpHttp.Revision2025, accept);

    /// <summary>A 2026-07-28 tools/list with its headers and params._meta.</summary>
    public static HttpRequestMessage ToolsList2026(string id)
    {
        HttpRequestMessage request = McpHttp.Post(McpHttp.Request(id, "tools/list", "{\"_meta\":" + McpHttp.Meta2026 + "}"), McpHttp.Revision2026);
        request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/list");
        return request;
    }

    public static HttpRequestMessage Initialize(string id) => McpHttp.Post(McpHttp.Request(id, "initialize",
        """{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}"""));

    /// <summary>The names in a tools/list answer, sorted.</summary>
    public static string[] ToolNames(McpAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Assert.True(answer.IsResult, "expected a tools/list result, got " + answer);
        return [.. answer.Result.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// A policy refusal: the blocked answer with <c>block_reason: policy_violation</c>, naming the policy and the rule,
    /// and nothing of the tool's schema (no parameter names, types or descriptions). Returns the block.
    /// </summary>
    public static JsonElement AssertPolicyViolation(McpAnswer answer, string tool, string policy, string rule, string violation, params string[] schemaWords)
    {
        JsonElement block = Blocks.AssertBlocked(answer, tool, "policy_violation");
        AssertPolicyMetadata(block, policy, rule, violation);
        AssertRevealsNoSchema(answer.Body, schemaWords);
        return block;
    }

    public static void AssertPolicyMetadata(JsonElement block, string policy, string rule, string violation)
    {
        JsonElement metadata = block.GetProperty("metadata");
        Assert.Equal(policy, metadata.GetProperty("policy").GetString());
        Assert.Equal(rule, metadata.GetProperty("rule").GetString());
        Assert.Equal(violation, metadata.GetProperty("violation").GetString());
        Assert.Empty(Blocks.BlockedArguments(block));
        Assert.False(block.TryGetProperty("retry_after_seconds", out _), "a policy violation does not pass with time: " + block);
        string because = rule switch
        {
            "AllowedTools" => "not among the allowed tools",
            "DefaultDeny" => "allows no tools",
            _ => "denied tools rule '" + rule + "'",
        };
        Assert.Contains(because, block.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Nothing of a tool's input schema appears in an answer: no schema keywords, and none of the given parameter names or descriptions.</summary>
    public static void AssertRevealsNoSchema(string answer, params string[] schemaWords)
    {
        foreach (string word in (string[])["inputSchema", "\"properties\"", "\"required\"", "\"type\":\"integer\"", "\"type\":\"string\"", .. schemaWords])
        {
            Assert.False(answer.Contains(word, StringComparison.Ordinal), $"the refusal reveals '{word}' of the tool's schema: {answer}");
        }
    }

    /// <summary>The block of a blocked C# client result (structuredContent, or _meta for tools with an output schema).</summary>
    public static JsonElement BlockOf(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Assert.True(result.IsError, "expected a blocked result, got " + JsonSerializer.Serialize(result));
        string text = Assert.IsType<TextContentBlock>(result.Content[0]).Text;
        Assert.StartsWith("AIRLOCK_BLOCK:", text, StringComparison.Ordinal);
        return result.StructuredContent is JsonElement structured
            ? structured
            : JsonSerializer.SerializeToElement(result.Meta!["io.agentairlock/block"]);
    }

    public static double RetryAfterSeconds(JsonElement block) => block.GetProperty("retry_after_seconds").GetDouble();

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> (generous: it bounds a file
    /// watcher's reaction, not a behaviour under test) passes; returns whether it held.
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }
    }
}
