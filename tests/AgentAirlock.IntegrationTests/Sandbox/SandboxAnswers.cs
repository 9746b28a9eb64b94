using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sandbox;

/// <summary>Reading sandboxed results as the C# SDK client receives them.</summary>
internal static class SandboxAnswers
{
    public static string Text(CallToolResult result)
    {
        Assert.False(result.IsError == true, "expected a tool result, got " + FirstText(result));
        return FirstText(result);
    }

    /// <summary>Checks a sandbox refusal and returns its block object.</summary>
    public static JsonElement AssertSandboxError(CallToolResult result, string tool, string status)
    {
        Assert.True(result.IsError, "expected a blocked result, got " + FirstText(result));
        Assert.StartsWith("AIRLOCK_BLOCK:", FirstText(result), StringComparison.Ordinal);
        JsonElement block = result.StructuredContent ?? throw new Xunit.Sdk.XunitException("the blocked result has no block object");
        Assert.Equal("sandbox_error", Blocks.AssertShape(block, tool));
        JsonElement metadata = block.GetProperty("metadata");
        Assert.Equal("bubblewrap", metadata.GetProperty("sandbox_backend").GetString());
        Assert.Equal(status, metadata.GetProperty("sandbox_status").GetString());
        return block;
    }

    public static string Error(JsonElement block) => block.GetProperty("error").GetString() ?? "";

    private static string FirstText(CallToolResult result) =>
        result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "(no text)";
}
