using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentAirlock.Validation;

/// <summary>
/// Turns argument problems into the words of a self-healing answer: a short message per problem, and a fix
/// hint with a concrete example value the model can copy. Neither ever repeats the value that was sent.
/// </summary>
internal static class ProblemDescriptions
{
    private const int MaxEnumValuesShown = 10;

    public static string Message(ArgumentProblem problem)
    {
        SchemaNode? node = problem.Schema;
        return problem.Kind switch
        {
            ArgumentProblemKind.Unknown => problem.Detail is null ? "unknown argument" : $"unknown argument (did you mean '{problem.Detail}'?)",
            ArgumentProblemKind.Missing => "required but missing",
            ArgumentProblemKind.WrongType => $"expected {TypeList(node)}, got {KindName(problem.Actual)}",
            ArgumentProblemKind.NotInteger => "expected integer, got a number with a fraction or exponent",
            ArgumentProblemKind.OutOfRange => $"out of range: must be {ClrRange(node)}",
            ArgumentProblemKind.BelowMinimum or ArgumentProblemKind.AboveMaximum => $"out of range: must be {RangeText(node)}",
            ArgumentProblemKind.NotMultipleOf => $"must be a multiple of {node?.MultipleOf?.Text}",
            ArgumentProblemKind.TooShort or ArgumentProblemKind.TooLong => $"must be {LengthText(node)} characters long",
            ArgumentProblemKind.PatternMismatch => $"does not match the pattern {node?.PatternText}",
            ArgumentProblemKind.PatternTimeout => "could not be checked against the pattern in time",
            ArgumentProblemKind.NotInEnum => $"must be one of {EnumList(node)}",
            ArgumentProblemKind.NotConst => $"must be exactly {Raw(node?.Const)}",
            ArgumentProblemKind.TooFewItems or ArgumentProblemKind.TooManyItems => $"must have {ItemCountText(node)} items",
            ArgumentProblemKind.NotUnique => "items must be unique",
            ArgumentProblemKind.InvalidFormat => $"is not {FormatText(node)}",
            ArgumentProblemKind.InvalidString => "is not valid Unicode text",
            ArgumentProblemKind.Forbidden => "no value is allowed here",
            _ => problem.Detail ?? "does not match the schema",
        };
    }

    public static string Hint(ArgumentProblem problem, string toolName)
    {
        SchemaNode? node = problem.Schema;
        string path = problem.Path;
        string example = ExampleClause(problem.Name, node);
        return problem.Kind switch
        {
            ArgumentProblemKind.Unknown when problem.Detail is not null =>
                $"'{path}' is not a parameter of '{toolName}'. Did you mean '{problem.Detail}'?" +
                (Example(node) is string suggested ? $" Send it as \"{problem.Detail}\": {suggested}" : string.Empty),
            ArgumentProblemKind.Unknown => $"Remove '{path}': '{toolName}' does not declare it",
            ArgumentProblemKind.Missing => $"'{path}' is required: add it{example}",
            ArgumentProblemKind.WrongType when problem.Actual == JsonValueKind.Null =>
                $"'{path}' must not be null; send {TypeList(node, articles: true)}{example}",
            ArgumentProblemKind.WrongType =>
                $"'{path}' must be {TypeList(node, articles: true)}, not {KindName(problem.Actual, article: true)}{example}",
            ArgumentProblemKind.NotInteger => $"'{path}' must be a whole number, without a decimal point or exponent{example}",
            ArgumentProblemKind.OutOfRange => $"'{path}' must be {ClrRange(node)}{example}",
            ArgumentProblemKind.BelowMinimum or ArgumentProblemKind.AboveMaximum => $"'{path}' must be {RangeText(node)}{example}",
            ArgumentProblemKind.NotMultipleOf => $"'{path}' must be a multiple of {node?.MultipleOf?.Text}{example}",
            ArgumentProblemKind.TooShort or ArgumentProblemKind.TooLong => $"'{path}' must be {LengthText(node)} characters long{example}",
            ArgumentProblemKind.PatternMismatch => node?.PatternMatchesWholeValue == true
                ? $"'{path}' must match the pattern {node.PatternText} as a whole"
                : $"'{path}' must match the pattern {node?.PatternText}",
            ArgumentProblemKind.PatternTimeout => $"'{path}' must be a shorter or simpler value that the pattern {node?.PatternText} can check",
            ArgumentProblemKind.NotInEnum => $"'{path}' must be one of {EnumList(node)}{example}",
            ArgumentProblemKind.NotConst => $"'{path}' must be exactly {Raw(node?.Const)}",
            ArgumentProblemKind.TooFewItems or ArgumentProblemKind.TooManyItems => $"'{path}' must have {ItemCountText(node)} items{example}",
            ArgumentProblemKind.NotUnique => $"'{path}' must not repeat an item",
            ArgumentProblemKind.InvalidFormat => $"'{path}' must be {FormatText(node)}{example}",
            ArgumentProblemKind.InvalidString => $"'{path}' must be valid Unicode text: do not send unpaired \\uD800-\\uDFFF escapes",
            ArgumentProblemKind.Forbidden => $"Remove '{path}': the schema allows no value there",
            _ => $"'{path}': {problem.Detail ?? "does not match the schema"}; check the tool's input schema",
        };
    }

    /// <summary>A short description of what a parameter takes, for the parameter list of a refusal.</summary>
    public static string TypeList(SchemaNode? node, bool articles = false)
    {
        if (node is null || ReferenceEquals(node, SchemaNode.Anything))
        {
            return articles ? "any JSON value" : "any";
        }

        var text = new StringBuilder();
        void Add(string plain, string withArticle) =>
            text.Append(text.Length == 0 ? string.Empty : " or ").Append(articles ? withArticle : plain);

        JsonTypes types = node.Types;
        if ((types & JsonTypes.Number) != 0)
        {
            Add("number", "a number");
        }
        else if ((types & JsonTypes.Integer) != 0)
        {
            Add("integer", "an integer");
        }

        if ((types & JsonTypes.String) != 0)
        {
            Add("string", "a string");
        }

        if ((types & JsonTypes.Boolean) != 0)
        {
            Add("boolean", "a boolean (true or false)");
        }

        if ((types & JsonTypes.Array) != 0)
        {
            Add("array", "an array");
        }

        if ((types & JsonTypes.Object) != 0)
        {
            Add("object", "an object");
        }

        if ((types & JsonTypes.Null) != 0)
        {
            Add("null", "null");
        }

        return text.Length == 0 ? "nothing" : text.ToString();
    }

    /// <summary>A JSON example value that satisfies <paramref name="node"/>, or <see langword="null"/> when none can be made up.</summary>
    public static string? Example(SchemaNode? node, int depth = 0)
    {
        if (node is null || node.Rejects)
        {
            return null;
        }

        if (node.Enum is { Length: > 0 } values)
        {
            return Raw(values[0]);
        }

        if (node.Const.ValueKind != JsonValueKind.Undefined)
        {
            return Raw(node.Const);
        }

        JsonTypes types = node.Types;
        if (node.Default.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array)
            && Fits(types, node.Default.ValueKind))
        {
            return Raw(node.Default);
        }

        if ((types & JsonTypes.Object) != 0)
        {
            return ObjectExample(node, depth);
        }

        if ((types & JsonTypes.Array) != 0)
        {
            string item = Example(node.Items, depth + 1) ?? "\"text\"";
            int count = Math.Clamp(node.MinItems ?? 1, 1, 3);
            return "[" + string.Join(", ", Enumerable.Repeat(item, count)) + "]";
        }

        if ((types & JsonTypes.Number) == 0 && (types & JsonTypes.Integer) != 0)
        {
            return NumberExample(node, integer: true);
        }

        if ((types & JsonTypes.Number) != 0)
        {
            return NumberExample(node, integer: node.Clr is >= ClrValueKind.SByte and <= ClrValueKind.UInt64);
        }

        if ((types & JsonTypes.String) != 0)
        {
            return StringExample(node);
        }

        if ((types & JsonTypes.Boolean) != 0)
        {
            return "true";
        }

        return (types & JsonTypes.Null) != 0 ? "null" : null;
    }

    private static string ExampleClause(string name, SchemaNode? node) =>
        Example(node) is string value ? $", e.g. \"{name}\": {value}" : string.Empty;

    private static bool Fits(JsonTypes types, JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => (types & JsonTypes.String) != 0,
        JsonValueKind.Number => (types & (JsonTypes.Number | JsonTypes.Integer)) != 0,
        JsonValueKind.True or JsonValueKind.False => (types & JsonTypes.Boolean) != 0,
        _ => false,
    };

    private static string ObjectExample(SchemaNode node, int depth)
    {
        if (depth >= 2)
        {
            return "{…}";
        }

        IEnumerable<SchemaProperty> members = node.Properties.Where(p => p.Required);
        if (!members.Any())
        {
            members = node.Properties.Take(1);
        }

        var text = new StringBuilder("{");
        foreach (SchemaProperty member in members.Take(4))
        {
            text.Append(text.Length == 1 ? string.Empty : ", ")
                .Append('"').Append(member.Name).Append("\": ")
                .Append(Example(member.Schema, depth + 1) ?? "…");
        }

        return text.Append('}').ToString();
    }

    private static string NumberExample(SchemaNode node, bool integer)
    {
        decimal lower = node.Minimum?.Decimal ?? (node.ExclusiveMinimum?.Decimal is decimal exclusiveLow ? exclusiveLow + (integer ? 1 : 0.5m) : decimal.MinValue);
        decimal upper = node.Maximum?.Decimal ?? (node.ExclusiveMaximum?.Decimal is decimal exclusiveHigh ? exclusiveHigh - (integer ? 1 : 0.5m) : decimal.MaxValue);
        if (node.Clr is ClrValueKind.Byte or ClrValueKind.UInt16 or ClrValueKind.UInt32 or ClrValueKind.UInt64)
        {
            lower = Math.Max(lower, 0);
        }

        decimal value = integer ? 5 : 2.5m;
        if (value < lower || value > upper)
        {
            value = lower > decimal.MinValue ? lower : upper;
        }

        if (integer)
        {
            value = Math.Ceiling(value);
        }

        if (node.MultipleOf?.Decimal is decimal step && step > 0 && value % step != 0)
        {
            value = Math.Ceiling(value / step) * step;
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static string? StringExample(SchemaNode node)
    {
        string? formatted = (node.Clr, node.Format) switch
        {
            (ClrValueKind.Guid, _) or (_, "uuid" or "guid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            (ClrValueKind.DateTime or ClrValueKind.DateTimeOffset, _) or (_, "date-time") => "2025-01-31T09:30:00Z",
            (ClrValueKind.Uri, _) or (_, "uri") => "https://example.com/",
            (ClrValueKind.Char, _) => "a",
            (_, "date") => "2025-01-31",
            (_, "time") => "09:30:00",
            (_, "email") => "user@example.com",
            _ when node.ConvertedType?.Type == typeof(TimeSpan) => "00:30:00",
            _ when node.ConvertedType?.Type == typeof(Version) => "1.0.0",
            _ => null,
        };
        if (formatted is not null)
        {
            return JsonSerializer.Serialize(formatted);
        }

        if (node.Pattern is not null)
        {
            // Nothing useful can be made up for an arbitrary pattern; the hint names the pattern instead.
            return null;
        }

        int length = Math.Clamp(Math.Max(node.MinLength ?? 4, 1), 1, 24);
        if (node.MaxLength is int max && length > max)
        {
            length = Math.Max(max, 1);
        }

        return "\"" + (length >= 4 ? "text".PadRight(length, 'x')[..length] : new string('x', length)) + "\"";
    }

    private static string KindName(JsonValueKind kind, bool article = false) => kind switch
    {
        JsonValueKind.String => article ? "a string" : "string",
        JsonValueKind.Number => article ? "a number" : "number",
        JsonValueKind.True or JsonValueKind.False => article ? "a boolean" : "boolean",
        JsonValueKind.Array => article ? "an array" : "array",
        JsonValueKind.Object => article ? "an object" : "object",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string RangeText(SchemaNode? node)
    {
        string? low = node?.Minimum is { } min ? min.Text : null;
        string? high = node?.Maximum is { } max ? max.Text : null;
        string? lowExclusive = node?.ExclusiveMinimum?.Text;
        string? highExclusive = node?.ExclusiveMaximum?.Text;
        string lower = low is not null ? $"at least {low}" : lowExclusive is not null ? $"greater than {lowExclusive}" : string.Empty;
        string upper = high is not null ? $"at most {high}" : highExclusive is not null ? $"less than {highExclusive}" : string.Empty;
        if (low is not null && high is not null)
        {
            return $"between {low} and {high}";
        }

        return lower.Length > 0 && upper.Length > 0 ? $"{lower} and {upper}" : lower + upper;
    }

    private static string ClrRange(SchemaNode? node) => node?.Clr switch
    {
        ClrValueKind.SByte => "an integer from -128 to 127",
        ClrValueKind.Byte => "an integer from 0 to 255",
        ClrValueKind.Int16 => "an integer from -32768 to 32767",
        ClrValueKind.UInt16 => "an integer from 0 to 65535",
        ClrValueKind.Int32 => "an integer from -2147483648 to 2147483647",
        ClrValueKind.UInt32 => "an integer from 0 to 4294967295",
        ClrValueKind.Int64 => "an integer from -9223372036854775808 to 9223372036854775807",
        ClrValueKind.UInt64 => "an integer from 0 to 18446744073709551615",
        ClrValueKind.Single => "a number within the range of a 32-bit float",
        ClrValueKind.Double => "a finite number within the range of a 64-bit float",
        ClrValueKind.Decimal => "a number of at most 28 significant digits, within ±7.9e28",
        _ => "within the range of the parameter's type",
    };

    private static string LengthText(SchemaNode? node) => CountRange(node?.MinLength, node?.MaxLength);

    private static string ItemCountText(SchemaNode? node) => CountRange(node?.MinItems, node?.MaxItems);

    private static string CountRange(int? minimum, int? maximum) => (minimum, maximum) switch
    {
        (int min, int max) when min == max => $"exactly {min}",
        (int min, int max) => $"{min} to {max}",
        (int min, null) => $"at least {min}",
        (null, int max) => $"at most {max}",
        _ => "a valid number of",
    };

    private static string FormatText(SchemaNode? node) => (node?.Clr, node?.Format) switch
    {
        (ClrValueKind.Guid, _) => "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6",
        (ClrValueKind.DateTime or ClrValueKind.DateTimeOffset, _) => "an ISO 8601 date and time such as 2025-01-31T09:30:00Z",
        (ClrValueKind.Uri, "uri") => "an absolute URI such as https://example.com/",
        (ClrValueKind.Uri, _) => "a URI",
        (ClrValueKind.Char, _) => "a single character",
        (ClrValueKind.Converted, _) when node!.ConvertedType!.Type.IsEnum => "one of the names of " + node.ConvertedType.Type.Name,
        (ClrValueKind.Converted, _) => $"a valid {node!.ConvertedType!.Type.Name}" + (node.Format is null ? string.Empty : $" ({node.Format})"),
        (_, string format) => $"a valid {format}",
        _ => "in the expected format",
    };

    private static string EnumList(SchemaNode? node)
    {
        if (node?.Enum is not { } values)
        {
            return "the allowed values";
        }

        string list = string.Join(", ", values.Take(MaxEnumValuesShown).Select(v => Raw(v)));
        return values.Length > MaxEnumValuesShown ? list + ", …" : list;
    }

    private static string Raw(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Undefined)
        {
            return "?";
        }

        string raw = element.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "…";
    }
}
