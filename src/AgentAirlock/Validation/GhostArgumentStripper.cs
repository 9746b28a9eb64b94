using System.Runtime.InteropServices;
using System.Text.Json;
using AgentAirlock.Protocol;

namespace AgentAirlock.Validation;

/// <summary>
/// Writes a call's arguments without the members the schema does not declare, at every depth where the schema
/// is closed. Everything kept is copied as the raw bytes that were sent (names, escapes, number spellings), so
/// what the tool then receives is exactly what was validated, minus the ghosts.
/// </summary>
internal static class GhostArgumentStripper
{
    public static void Write(PooledBufferWriter output, (SchemaNode Schema, JsonElement Arguments) call)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (call.Arguments.ValueKind == JsonValueKind.Undefined)
        {
            output.Write("{}"u8);
            return;
        }

        Copy(output, call.Schema, call.Arguments);
    }

    private static void Copy(PooledBufferWriter output, SchemaNode node, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when (node.Types & JsonTypes.Object) != 0:
                output.Write("{"u8);
                bool first = true;
                foreach (JsonProperty member in value.EnumerateObject())
                {
                    int index = ArgumentValidator.FindProperty(node, member);
                    SchemaNode? child = index >= 0 ? node.Properties[index].Schema : node.AdditionalProperties;
                    if (child is null)
                    {
                        continue;
                    }

                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    output.Write("\""u8);
                    output.Write(JsonMarshal.GetRawUtf8PropertyName(member));
                    output.Write("\":"u8);
                    Copy(output, child, member.Value);
                }

                output.Write("}"u8);
                break;
            case JsonValueKind.Array when node.Items is { } items && (node.Types & JsonTypes.Array) != 0:
                output.Write("["u8);
                bool firstItem = true;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        output.Write(","u8);
                    }

                    firstItem = false;
                    Copy(output, items, item);
                }

                output.Write("]"u8);
                break;
            default:
                output.Write(JsonMarshal.GetRawUtf8Value(value));
                break;
        }
    }
}
