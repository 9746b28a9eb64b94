using System.Text.Json;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>Assertions on Airlock's self-healing block object.</summary>
internal static class Blocks
{
    public static string Reason(JsonElement block) => block.GetProperty("block_reason").GetString() ?? string.Empty;

    public static string[] BlockedArguments(JsonElement block) =>
        [.. block.GetProperty("blocked_args").EnumerateArray().Select(e => e.GetString() ?? string.Empty)];

    public static string[] FixHints(JsonElement block) =>
        [.. block.GetProperty("fix_hints").EnumerateArray().Select(e => e.GetString() ?? string.Empty)];

    /// <summary>Checks every member the design requires of a block object and returns its reason.</summary>
    public static string AssertShape(JsonElement block, string tool)
    {
        Assert.Equal(JsonValueKind.Object, block.ValueKind);
        Assert.False(block.GetProperty("success").GetBoolean());
        Assert.Equal("blocked", block.GetProperty("status").GetString());
        Assert.Equal(tool, block.GetProperty("tool_name").GetString());
        Assert.StartsWith("AIRLOCK_BLOCK:", block.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, block.GetProperty("fix_hints").ValueKind);
        Assert.NotEmpty(FixHints(block));
        Assert.All(FixHints(block), hint => Assert.False(string.IsNullOrWhiteSpace(hint)));
        Assert.Equal(JsonValueKind.Array, block.GetProperty("blocked_args").ValueKind);
        Assert.Equal(JsonValueKind.Object, block.GetProperty("metadata").ValueKind);
        return Reason(block);
    }

    /// <summary>A blocked answer on the raw wire: HTTP 200, a result with isError and the AIRLOCK_BLOCK text; returns the block.</summary>
    public static JsonElement AssertBlocked(McpAnswer answer, string tool, string reason)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Assert.True(answer.IsBlocked, "expected a blocked result, got " + answer);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        Assert.StartsWith("AIRLOCK_BLOCK:", answer.FirstText, StringComparison.Ordinal);
        Assert.Contains("Suggested fixes", answer.FirstText, StringComparison.Ordinal);
        JsonElement block = answer.Block;
        Assert.Equal(reason, AssertShape(block, tool));
        return block;
    }

    /// <summary>A transport refusal: the HTTP status, a plain JSON body with a JSON-RPC error (null id) whose message names the problem.</summary>
    public static void AssertRefused(McpAnswer answer, int status, int code, params string[] messageParts)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Assert.True((int)answer.Status == status, $"expected HTTP {status}, got {answer}");
        Assert.True(answer.IsJson, "expected an application/json body, got " + answer);
        Assert.Equal("2.0", answer.Message.GetProperty("jsonrpc").GetString());
        Assert.Equal(code, answer.ErrorCode);
        foreach (string part in messageParts)
        {
            Assert.Contains(part, answer.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A successful tool result from the SDK (not an Airlock answer), returning its first text.</summary>
    public static string AssertToolSucceeded(McpAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Assert.True(answer.IsResult && !answer.IsBlocked, "expected a successful tool result, got " + answer);
        return answer.FirstText;
    }
}
