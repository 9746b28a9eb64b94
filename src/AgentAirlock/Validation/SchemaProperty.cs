namespace AgentAirlock.Validation;

/// <summary>A declared property of an object schema: its name (also as UTF-8), its schema and whether it is required.</summary>
internal sealed class SchemaProperty(string name, SchemaNode schema, bool required)
{
    public string Name { get; } = name;

    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(name);

    public SchemaNode Schema { get; } = schema;

    public bool Required { get; } = required;
}
