using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace AgentAirlock.Validation;

/// <summary>
/// One compiled JSON Schema (sub)schema, refined by the .NET type its value binds to. Built once per tool by
/// <see cref="SchemaCompiler"/>; <see cref="ArgumentValidator"/> walks it over the parsed arguments without allocating.
/// Nodes may form cycles (recursive types reached through a local <c>$ref</c>).
/// </summary>
internal sealed class SchemaNode
{
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _propertyIndex;

    /// <summary>Gets a node that accepts every value (the schema <c>true</c> or <c>{}</c>).</summary>
    public static SchemaNode Anything { get; } = new();

    /// <summary>Gets or sets the allowed JSON types.</summary>
    public JsonTypes Types { get; set; } = JsonTypes.Any;

    /// <summary>Gets or sets whether no value is valid (the schema <c>false</c>).</summary>
    public bool Rejects { get; set; }

    public ClrValueKind Clr { get; set; }

    /// <summary>Gets or sets the .NET type checked through its converter when <see cref="Clr"/> is <see cref="ClrValueKind.Converted"/>.</summary>
    public JsonTypeInfo? ConvertedType { get; set; }

    public string? Description { get; set; }

    public string? Format { get; set; }

    public JsonElement Default { get; set; }

    public JsonElement[]? Enum { get; set; }

    public JsonElement Const { get; set; }

    public NumberBound? Minimum { get; set; }

    public NumberBound? Maximum { get; set; }

    public NumberBound? ExclusiveMinimum { get; set; }

    public NumberBound? ExclusiveMaximum { get; set; }

    public NumberBound? MultipleOf { get; set; }

    /// <summary>Gets or sets the minimum length in UTF-16 code units (the unit of DataAnnotations and of NJsonSchema).</summary>
    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    /// <summary>Gets or sets the compiled pattern (a JSON Schema pattern translated to .NET, see <see cref="EcmaPattern"/>).</summary>
    public Regex? Pattern { get; set; }

    /// <summary>Gets or sets the pattern as the schema or attribute wrote it, for messages.</summary>
    public string? PatternText { get; set; }

    /// <summary>
    /// Gets or sets whether the pattern must match the whole value, as <c>[RegularExpression]</c> requires; JSON Schema
    /// patterns otherwise match anywhere in the value.
    /// </summary>
    public bool PatternMatchesWholeValue { get; set; }

    public SchemaNode? Items { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public bool UniqueItems { get; set; }

    public SchemaProperty[] Properties { get; private set; } = [];

    /// <summary>Gets or sets the schema of members not in <see cref="Properties"/>; <see langword="null"/> when they are not allowed.</summary>
    public SchemaNode? AdditionalProperties { get; set; } = Anything;

    public int RequiredCount { get; private set; }

    /// <summary>Gets whether members not in <see cref="Properties"/> are ghost arguments.</summary>
    public bool IsClosed => AdditionalProperties is null;

    public void SetProperties(SchemaProperty[] properties)
    {
        Properties = properties;
        RequiredCount = properties.Count(p => p.Required);
        if (properties.Length > LinearSearchLimit)
        {
            var index = new Dictionary<string, int>(properties.Length, StringComparer.Ordinal);
            for (int i = 0; i < properties.Length; i++)
            {
                index[properties[i].Name] = i;
            }

            _propertyIndex = index.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    /// <summary>The number of properties up to which a linear scan of UTF-8 names beats hashing.</summary>
    public const int LinearSearchLimit = 8;

    public bool TryGetPropertyIndex(ReadOnlySpan<char> name, out int index)
    {
        if (_propertyIndex is { } lookup)
        {
            return lookup.TryGetValue(name, out index);
        }

        for (int i = 0; i < Properties.Length; i++)
        {
            if (name.SequenceEqual(Properties[i].Name))
            {
                index = i;
                return true;
            }
        }

        index = -1;
        return false;
    }
}
