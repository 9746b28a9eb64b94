using System.ComponentModel.DataAnnotations;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace AgentAirlock.Validation;

/// <summary>
/// Compiles a tool's input schema into <see cref="SchemaNode"/>s, once per tool. Where the tool is a .NET method,
/// each node is refined by the .NET type its value binds to (through the serializer contract the SDK binds with),
/// so that what passes the check is exactly what the SDK can bind.
/// </summary>
internal sealed class SchemaCompiler
{
    /// <summary>How long one pattern may run on one value before the value is refused.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "$anchor", "$defs", "definitions", "title", "description", "default", "examples",
        "readOnly", "writeOnly", "deprecated", "contentEncoding", "contentMediaType", "nullable",
    };

    private readonly JsonElement _root;
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly Dictionary<string, SchemaNode> _byPointer = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _uncovered = new(StringComparer.Ordinal);
    private string? _error;

    private SchemaCompiler(JsonElement root, JsonSerializerOptions serializerOptions)
    {
        _root = root;
        _serializerOptions = serializerOptions;
    }

    /// <summary>Compiles an input schema; <paramref name="method"/> refines it with the tool's parameter types.</summary>
    public static CompiledSchema Compile(JsonElement inputSchema, MethodInfo? method, JsonSerializerOptions serializerOptions)
    {
        ArgumentNullException.ThrowIfNull(serializerOptions);
        JsonDocument document = JsonDocument.Parse(inputSchema.ValueKind == JsonValueKind.Undefined ? "{}" : inputSchema.GetRawText());
        var compiler = new SchemaCompiler(document.RootElement, serializerOptions);
        SchemaNode root;
        try
        {
            root = compiler.CompileRoot(document.RootElement, method);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or NotSupportedException or JsonException)
        {
            compiler._error ??= exception.Message;
            root = new SchemaNode { Rejects = true };
        }

        return new CompiledSchema(document, root, [.. compiler._uncovered], compiler._error);
    }

    /// <summary>
    /// The schema as the full validator must see it: objects Airlock treats as closed (they list their properties
    /// and say nothing of others) get <c>additionalProperties: false</c>, so both validators agree on ghosts.
    /// </summary>
    public static string EffectiveSchemaJson(JsonElement inputSchema)
    {
        JsonNode? node = JsonNode.Parse(inputSchema.GetRawText());
        Close(node, isRoot: true);
        return node?.ToJsonString() ?? "{}";

        // NJsonSchema reads only objects where a schema may be a boolean (except additionalProperties).
        static JsonNode? WithoutBoolean(JsonNode? schema) => schema?.GetValueKind() switch
        {
            JsonValueKind.True => new JsonObject(),
            JsonValueKind.False => new JsonObject { ["not"] = new JsonObject() },
            _ => schema?.DeepClone(),
        };

        static void Close(JsonNode? schema, bool isRoot)
        {
            if (schema is not JsonObject obj)
            {
                return;
            }

            if ((isRoot || obj.ContainsKey("properties")) && !obj.ContainsKey("additionalProperties") && !obj.ContainsKey("patternProperties"))
            {
                obj["additionalProperties"] = false;

                // Names listed only in "required" are declared members for Airlock; say so to the validator.
                if (obj["required"] is JsonArray requiredNames)
                {
                    if (obj["properties"] is not JsonObject declared)
                    {
                        declared = [];
                        obj["properties"] = declared;
                    }

                    foreach (string name in requiredNames.Select(n => n?.GetValue<string>()).OfType<string>().Where(n => !declared.ContainsKey(n)).ToList())
                    {
                        declared[name] = new JsonObject();
                    }
                }
            }

            foreach ((string key, JsonNode? value) in obj.ToArray())
            {
                switch (key)
                {
                    case "properties" or "$defs" or "definitions" or "patternProperties" when value is JsonObject map:
                        foreach ((string name, JsonNode? child) in map.ToArray())
                        {
                            map[name] = WithoutBoolean(child);
                            Close(map[name], isRoot: false);
                        }

                        break;
                    case "items" or "not":
                        obj[key] = WithoutBoolean(value);
                        Close(obj[key], isRoot: false);
                        break;
                    case "additionalProperties":
                        Close(value, isRoot: false);
                        break;
                    case "anyOf" or "oneOf" or "allOf" or "prefixItems" when value is JsonArray list:
                        for (int i = 0; i < list.Count; i++)
                        {
                            list[i] = WithoutBoolean(list[i]);
                            Close(list[i], isRoot: false);
                        }

                        break;
                }
            }
        }
    }

    private SchemaNode CompileRoot(JsonElement schema, MethodInfo? method)
    {
        ParameterInfo[] parameters = method?.GetParameters() ?? [];
        return CompileNode(schema, "#", clrType: null, attributes: null, isRoot: true, parameters);
    }

    private SchemaNode CompileNode(JsonElement schema, string pointer, Type? clrType, ICustomAttributeProvider? attributes, bool isRoot = false, ParameterInfo[]? parameters = null)
    {
        if (_byPointer.TryGetValue(pointer, out SchemaNode? existing))
        {
            return existing;
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return isRoot ? CompileNode(EmptyObjectSchema, pointer, clrType, attributes, isRoot, parameters) : SchemaNode.Anything;
            case JsonValueKind.False:
                return new SchemaNode { Rejects = true };
            case JsonValueKind.Object:
                break;
            default:
                throw new InvalidOperationException($"The schema at '{pointer}' is neither an object nor a boolean.");
        }

        var node = new SchemaNode();
        _byPointer[pointer] = node;

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            return CompileReference(schema, reference, pointer, node, clrType, attributes);
        }

        Type? type = clrType is null ? null : Nullable.GetUnderlyingType(clrType) ?? clrType;
        JsonElement properties = default, items = default, additional = default;
        bool hasAdditional = false, hasPatternProperties = false;
        HashSet<string>? required = null;
        bool exclusiveMinimumFlag = false, exclusiveMaximumFlag = false;
        string? patternText = null;

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            JsonElement value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    node.Types = ReadTypes(value, pointer);
                    break;
                case "enum":
                    node.Enum = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : throw Invalid(pointer, "enum must be an array");
                    break;
                case "const":
                    node.Const = value;
                    break;
                case "minimum":
                    node.Minimum = NumberBound.From(value) ?? throw Invalid(pointer, "minimum must be a number");
                    break;
                case "maximum":
                    node.Maximum = NumberBound.From(value) ?? throw Invalid(pointer, "maximum must be a number");
                    break;
                case "exclusiveMinimum" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    exclusiveMinimumFlag = value.ValueKind == JsonValueKind.True;
                    break;
                case "exclusiveMinimum":
                    node.ExclusiveMinimum = NumberBound.From(value) ?? throw Invalid(pointer, "exclusiveMinimum must be a number");
                    break;
                case "exclusiveMaximum" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    exclusiveMaximumFlag = value.ValueKind == JsonValueKind.True;
                    break;
                case "exclusiveMaximum":
                    node.ExclusiveMaximum = NumberBound.From(value) ?? throw Invalid(pointer, "exclusiveMaximum must be a number");
                    break;
                case "multipleOf":
                    node.MultipleOf = NumberBound.From(value) is { Double: > 0 } divisor ? divisor : throw Invalid(pointer, "multipleOf must be a positive number");
                    break;
                case "minLength":
                    node.MinLength = ReadCount(value, pointer, keyword.Name);
                    break;
                case "maxLength":
                    node.MaxLength = ReadCount(value, pointer, keyword.Name);
                    break;
                case "minItems":
                    node.MinItems = ReadCount(value, pointer, keyword.Name);
                    break;
                case "maxItems":
                    node.MaxItems = ReadCount(value, pointer, keyword.Name);
                    break;
                case "uniqueItems":
                    node.UniqueItems = value.ValueKind == JsonValueKind.True;
                    break;
                case "pattern":
                    patternText = value.GetString() ?? throw Invalid(pointer, "pattern must be a string");
                    break;
                case "format":
                    node.Format = value.GetString();
                    break;
                case "description":
                    node.Description = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    break;
                case "default":
                    node.Default = value;
                    break;
                case "properties":
                    properties = value.ValueKind == JsonValueKind.Object ? value : throw Invalid(pointer, "properties must be an object");
                    break;
                case "required":
                    required = value.ValueKind == JsonValueKind.Array
                        ? [.. value.EnumerateArray().Select(r => r.GetString() ?? throw Invalid(pointer, "required must list strings"))]
                        : throw Invalid(pointer, "required must be an array");
                    break;
                case "items" when value.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False:
                    items = value;
                    break;
                case "additionalProperties":
                    additional = value;
                    hasAdditional = true;
                    break;
                case "patternProperties":
                    hasPatternProperties = true;
                    _uncovered.Add(keyword.Name);
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name) && !keyword.Name.StartsWith("x-", StringComparison.Ordinal))
                    {
                        _uncovered.Add(keyword.Name);
                    }

                    break;
            }
        }

        // Draft 4 spelled exclusive bounds as flags on minimum/maximum.
        if (exclusiveMinimumFlag && node.Minimum is { } minimum)
        {
            (node.ExclusiveMinimum, node.Minimum) = (minimum, null);
        }

        if (exclusiveMaximumFlag && node.Maximum is { } maximum)
        {
            (node.ExclusiveMaximum, node.Maximum) = (maximum, null);
        }

        JsonTypeInfo? typeInfo = type is null ? null : TryGetTypeInfo(type);
        ApplyClrType(node, type, typeInfo);
        RegularExpressionAttribute? regularExpression = attributes?
            .GetCustomAttributes(typeof(RegularExpressionAttribute), inherit: true).OfType<RegularExpressionAttribute>().FirstOrDefault();
        if (regularExpression is not null && (patternText is null || patternText == regularExpression.Pattern))
        {
            // The attribute's pattern is .NET syntax and must match the whole value, as DataAnnotations means it.
            node.Pattern = CompilePattern(regularExpression.Pattern, pointer);
            node.PatternText = regularExpression.Pattern;
            node.PatternMatchesWholeValue = true;
        }
        else if (patternText is not null)
        {
            node.Pattern = CompilePattern(EcmaPattern.ToDotNet(patternText), pointer);
            node.PatternText = patternText;
        }

        if (attributes is not null)
        {
            DataAnnotationBounds.Apply(node, attributes);
        }

        if (items.ValueKind != JsonValueKind.Undefined)
        {
            node.Items = CompileNode(items, pointer + "/items", ElementType(typeInfo), attributes: null);
        }

        // Objects that list their members (the shape .NET types produce) and the arguments object itself are
        // closed, unless the schema says otherwise: anything else in them is a ghost argument.
        bool closed = (isRoot || properties.ValueKind == JsonValueKind.Object) && !hasPatternProperties;
        SchemaNode? others = hasAdditional
            ? additional.ValueKind == JsonValueKind.False
                ? null
                : CompileNode(additional, pointer + "/additionalProperties", typeInfo?.Kind == JsonTypeInfoKind.Dictionary ? typeInfo.ElementType : null, attributes: null)
            : closed ? null : SchemaNode.Anything;
        node.AdditionalProperties = others;

        // A name listed in "required" without a property schema is declared by that list; its value is what the
        // schema allows for other members (any value, when they are closed only implicitly).
        SchemaNode requiredOnly = hasAdditional ? others ?? new SchemaNode { Rejects = true } : SchemaNode.Anything;
        if (properties.ValueKind == JsonValueKind.Object || required is { Count: > 0 })
        {
            node.SetProperties(CompileProperties(properties, pointer, required, typeInfo, parameters, requiredOnly));
        }

        return node;
    }

    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("{}").RootElement;

    private SchemaNode CompileReference(JsonElement schema, JsonElement reference, string pointer, SchemaNode node, Type? clrType, ICustomAttributeProvider? attributes)
    {
        string target = reference.GetString() ?? throw Invalid(pointer, "$ref must be a string");
        if (!target.StartsWith('#'))
        {
            // The 2026-07-28 specification forbids fetching remote references; so does Airlock, always.
            _error = $"The schema at '{pointer}' references '{target}', which is not local to the schema; remote references are never fetched.";
            throw new NotSupportedException(_error);
        }

        foreach (JsonProperty sibling in schema.EnumerateObject())
        {
            if (sibling.Name != "$ref" && !Annotations.Contains(sibling.Name) && !sibling.Name.StartsWith("x-", StringComparison.Ordinal))
            {
                _uncovered.Add("$ref with " + sibling.Name);
            }
        }

        SchemaNode resolved = CompileNode(Resolve(target, pointer), target, clrType, attributes);
        _byPointer[pointer] = resolved;
        if (ReferenceEquals(resolved, node))
        {
            throw Invalid(pointer, "$ref refers to itself");
        }

        CopyInto(resolved, node);
        return resolved;
    }

    /// <summary>
    /// Callers that already hold the placeholder (a cycle back to a <c>$ref</c> site) must see the target's rules.
    /// Copying is safe: nodes are immutable once compiled, and a cycle through a placeholder is only entered
    /// through data, which is finite.
    /// </summary>
    private static void CopyInto(SchemaNode from, SchemaNode to)
    {
        to.Types = from.Types;
        to.Rejects = from.Rejects;
        to.Clr = from.Clr;
        to.ConvertedType = from.ConvertedType;
        to.Description = from.Description;
        to.Format = from.Format;
        to.Default = from.Default;
        to.Enum = from.Enum;
        to.Const = from.Const;
        to.Minimum = from.Minimum;
        to.Maximum = from.Maximum;
        to.ExclusiveMinimum = from.ExclusiveMinimum;
        to.ExclusiveMaximum = from.ExclusiveMaximum;
        to.MultipleOf = from.MultipleOf;
        to.MinLength = from.MinLength;
        to.MaxLength = from.MaxLength;
        to.Pattern = from.Pattern;
        to.PatternText = from.PatternText;
        to.PatternMatchesWholeValue = from.PatternMatchesWholeValue;
        to.Items = from.Items;
        to.MinItems = from.MinItems;
        to.MaxItems = from.MaxItems;
        to.UniqueItems = from.UniqueItems;
        to.AdditionalProperties = from.AdditionalProperties;
        to.SetProperties(from.Properties);
    }

    private JsonElement Resolve(string target, string pointer)
    {
        JsonElement current = _root;
        foreach (string raw in target.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out JsonElement next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out int index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                throw Invalid(pointer, $"$ref '{target}' does not resolve within the schema");
            }
        }

        return current;
    }

    private SchemaProperty[] CompileProperties(JsonElement properties, string pointer, HashSet<string>? required, JsonTypeInfo? typeInfo, ParameterInfo[]? parameters, SchemaNode requiredOnly)
    {
        var result = new List<SchemaProperty>();
        IEnumerable<JsonProperty> declared = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject() : [];
        foreach (JsonProperty property in declared)
        {
            Type? memberType = null;
            ICustomAttributeProvider? memberAttributes = null;
            if (parameters is not null && Array.Find(parameters, p => p.Name == property.Name) is { } parameter)
            {
                memberType = parameter.ParameterType;
                memberAttributes = parameter;
            }
            else if (typeInfo?.Kind == JsonTypeInfoKind.Object
                && typeInfo.Properties.FirstOrDefault(p => p.Name == property.Name) is { } member)
            {
                memberType = member.PropertyType;
                memberAttributes = member.AttributeProvider;
            }

            string childPointer = pointer + "/properties/" + EscapePointer(property.Name);
            SchemaNode child = CompileNode(property.Value, childPointer, memberType, memberAttributes);
            result.Add(new SchemaProperty(property.Name, child, required?.Contains(property.Name) == true));
        }

        if (required is not null)
        {
            foreach (string name in required.Where(name => result.All(p => p.Name != name)))
            {
                result.Add(new SchemaProperty(name, requiredOnly, required: true));
            }
        }

        return [.. result];
    }

    private void ApplyClrType(SchemaNode node, Type? type, JsonTypeInfo? typeInfo)
    {
        if (type is not null)
        {
            ClrValueKind kind = KindOf(type);
            bool numeric = kind is >= ClrValueKind.SByte and <= ClrValueKind.Decimal;
            if (numeric && (node.Types & (JsonTypes.Integer | JsonTypes.Number)) != 0)
            {
                node.Clr = kind;
            }
            else if (!numeric && kind != ClrValueKind.None && (node.Types & JsonTypes.String) != 0)
            {
                node.Clr = kind;
            }
            else if (kind == ClrValueKind.None && IsConvertedScalar(type) && typeInfo is not null)
            {
                node.Clr = ClrValueKind.Converted;
                node.ConvertedType = typeInfo;
            }
        }

        if (node.Format is null || FormatIsChecked(node.Format, node.Clr))
        {
            return;
        }

        _uncovered.Add("format:" + node.Format);
    }

    private static bool FormatIsChecked(string format, ClrValueKind kind) => (format, kind) switch
    {
        ("uuid" or "guid", ClrValueKind.Guid) => true,
        ("date-time", ClrValueKind.DateTime or ClrValueKind.DateTimeOffset) => true,
        ("uri", ClrValueKind.Uri) => true,
        (_, ClrValueKind.Converted) => true,
        _ => false,
    };

    private static ClrValueKind KindOf(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.SByte when !type.IsEnum => ClrValueKind.SByte,
        TypeCode.Byte when !type.IsEnum => ClrValueKind.Byte,
        TypeCode.Int16 when !type.IsEnum => ClrValueKind.Int16,
        TypeCode.UInt16 when !type.IsEnum => ClrValueKind.UInt16,
        TypeCode.Int32 when !type.IsEnum => ClrValueKind.Int32,
        TypeCode.UInt32 when !type.IsEnum => ClrValueKind.UInt32,
        TypeCode.Int64 when !type.IsEnum => ClrValueKind.Int64,
        TypeCode.UInt64 when !type.IsEnum => ClrValueKind.UInt64,
        TypeCode.Single => ClrValueKind.Single,
        TypeCode.Double => ClrValueKind.Double,
        TypeCode.Decimal => ClrValueKind.Decimal,
        TypeCode.DateTime => ClrValueKind.DateTime,
        TypeCode.Char => ClrValueKind.Char,
        _ when type == typeof(Guid) => ClrValueKind.Guid,
        _ when type == typeof(DateTimeOffset) => ClrValueKind.DateTimeOffset,
        _ when type == typeof(Uri) => ClrValueKind.Uri,
        _ => ClrValueKind.None,
    };

    private static bool IsConvertedScalar(Type type) =>
        type.IsEnum
        || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan)
        || type == typeof(Version) || type == typeof(Half) || type == typeof(Int128) || type == typeof(UInt128)
        || type == typeof(BigInteger);

    private JsonTypeInfo? TryGetTypeInfo(Type type)
    {
        try
        {
            return _serializerOptions.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static Type? ElementType(JsonTypeInfo? typeInfo) =>
        typeInfo?.Kind == JsonTypeInfoKind.Enumerable ? typeInfo.ElementType : null;

    private static JsonTypes ReadTypes(JsonElement value, string pointer)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TypeOf(value.GetString(), pointer);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(pointer, "type must be a string or an array of strings");
        }

        JsonTypes types = JsonTypes.None;
        foreach (JsonElement item in value.EnumerateArray())
        {
            types |= TypeOf(item.GetString(), pointer);
        }

        return types;
    }

    private static JsonTypes TypeOf(string? name, string pointer) => name switch
    {
        "null" => JsonTypes.Null,
        "boolean" => JsonTypes.Boolean,
        "integer" => JsonTypes.Integer,
        "number" => JsonTypes.Number,
        "string" => JsonTypes.String,
        "array" => JsonTypes.Array,
        "object" => JsonTypes.Object,
        _ => throw Invalid(pointer, $"unknown type '{name}'"),
    };

    private static int ReadCount(JsonElement value, string pointer, string keyword) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int count) && count >= 0
            ? count
            : throw Invalid(pointer, keyword + " must be a non-negative integer");

    private Regex CompilePattern(string pattern, string pointer)
    {
        try
        {
            // The non-backtracking engine runs in linear time; patterns it cannot run (backreferences,
            // lookarounds) use the backtracking engine under a timeout.
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException exception)
        {
            _error = $"The schema at '{pointer}' has an invalid pattern: {exception.Message}";
            throw;
        }
    }

    private static string EscapePointer(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static InvalidOperationException Invalid(string pointer, string problem) =>
        new($"The schema at '{pointer}' is invalid: {problem}.");

    internal static string Describe(JsonTypes types)
    {
        var text = new StringBuilder();
        foreach ((JsonTypes flag, string name) in TypeNames)
        {
            if ((types & flag) != 0 && !(flag == JsonTypes.Integer && (types & JsonTypes.Number) != 0))
            {
                text.Append(text.Length == 0 ? string.Empty : " or ").Append(name);
            }
        }

        return text.Length == 0 ? "nothing" : text.ToString();
    }

    private static readonly (JsonTypes Flag, string Name)[] TypeNames =
    [
        (JsonTypes.Integer, "an integer"), (JsonTypes.Number, "a number"), (JsonTypes.String, "a string"),
        (JsonTypes.Boolean, "a boolean"), (JsonTypes.Array, "an array"), (JsonTypes.Object, "an object"), (JsonTypes.Null, "null"),
    ];
}
