using System.Text.Json;

namespace AgentAirlock.Validation;

/// <summary>
/// Writes a call's arguments without the members the schema does not declare, at every depth where the schema
/// is closed: what the tool then receives is exactly what was validated, minus the ghosts.
/// </summary>
internal static class GhostArgumentStripper
{
    public static void Write(Utf8JsonWriter writer, (SchemaNode Schema, JsonElement Arguments) call)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (call.Arguments.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        Copy(writer, call.Schema, call.Arguments);
    }

    private static void Copy(Utf8JsonWriter writer, SchemaNode node, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when (node.Types & JsonTypes.Object) != 0:
                writer.WriteStartObject();
                foreach (JsonProperty member in value.EnumerateObject())
                {
                    int index = ArgumentValidator.FindProperty(node, member);
                    SchemaNode? child = index >= 0 ? node.Properties[index].Schema : node.AdditionalProperties;
                    if (child is null)
                    {
                        continue;
                    }

                    writer.WritePropertyName(member.Name);
                    Copy(writer, child, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array when node.Items is { } items && (node.Types & JsonTypes.Array) != 0:
                writer.WriteStartArray();
                foreach (JsonElement item in value.EnumerateArray())
                {
                    Copy(writer, items, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
