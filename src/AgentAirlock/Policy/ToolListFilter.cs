using System.Runtime.InteropServices;
using System.Text.Json;
using AgentAirlock.Protocol;

namespace AgentAirlock.Policy;

/// <summary>
/// Rewrites a <c>tools/list</c> result so that it lists only the tools the caller may call now. Every byte of the
/// tools it keeps, and of the rest of the message, is written as it came.
/// </summary>
internal sealed class ToolListFilter(PolicySet policies, AgentIdentity identity, DateTimeOffset now)
{
    public bool Write(JsonElement message, PooledBufferWriter output)
    {
        if (!message.TryGetProperty("result"u8, out JsonElement result)
            || result.ValueKind != JsonValueKind.Object
            || !result.TryGetProperty("tools"u8, out JsonElement tools)
            || tools.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        bool removesAny = false;
        foreach (JsonElement tool in tools.EnumerateArray())
        {
            removesAny |= !IsVisible(tool);
        }

        if (!removesAny)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(message);
        ReadOnlySpan<byte> list = JsonMarshal.GetRawUtf8Value(tools);
        if (!raw.Overlaps(list, out int start))
        {
            return false;
        }

        output.Write(raw[..start]);
        output.Write("["u8);
        bool first = true;
        foreach (JsonElement tool in tools.EnumerateArray())
        {
            if (!IsVisible(tool))
            {
                continue;
            }

            if (!first)
            {
                output.Write(","u8);
            }

            first = false;
            output.Write(JsonMarshal.GetRawUtf8Value(tool));
        }

        output.Write("]"u8);
        output.Write(raw[(start + list.Length)..]);
        return true;
    }

    private bool IsVisible(JsonElement tool) =>
        tool.ValueKind == JsonValueKind.Object
        && tool.TryGetProperty("name"u8, out JsonElement name)
        && name.ValueKind == JsonValueKind.String
        && PolicyEvaluator.Check(policies, identity, name.GetString()!, now).IsAllowed;
}
