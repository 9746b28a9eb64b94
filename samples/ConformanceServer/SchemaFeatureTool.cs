using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using ModelContextProtocol.Server;

namespace ConformanceServer;

/// <summary>
/// <c>json_schema_2020_12_tool</c>: a tool whose advertised input schema uses JSON Schema 2020-12 keywords
/// (<c>$schema</c>, <c>$defs</c>, <c>$ref</c>, <c>additionalProperties</c>) that the schema generator never emits,
/// so the schema is written out by hand and replaces the generated one.
/// </summary>
public static class SchemaFeatureTool
{
    public const string Name = "json_schema_2020_12_tool";

    private const string InputSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "$defs": {
            "address": {
              "type": "object",
              "properties": {
                "street": { "type": "string" },
                "city": { "type": "string" }
              }
            }
          },
          "properties": {
            "name": { "type": "string" },
            "address": { "$ref": "#/$defs/address" }
          },
          "additionalProperties": false
        }
        """;

    public static McpServerTool Create()
    {
        MethodInfo method = typeof(SchemaFeatureTool).GetMethod(nameof(Describe), BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{nameof(Describe)} is missing.");
        McpServerTool tool = McpServerTool.Create(method, (object?)null, new McpServerToolCreateOptions
        {
            Name = Name,
            Description = "Tool with JSON Schema 2020-12 features",
            ReadOnly = true,
        });

        using JsonDocument schema = JsonDocument.Parse(InputSchema);
        tool.ProtocolTool.InputSchema = schema.RootElement.Clone();
        return tool;
    }

    [Description("Describes a person and their address.")]
    private static string Describe(string? name = null, Address? address = null) =>
        $"Received name={name ?? "(none)"}, street={address?.Street ?? "(none)"}, city={address?.City ?? "(none)"}";
}
