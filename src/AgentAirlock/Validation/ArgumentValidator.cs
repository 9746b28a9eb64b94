using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentAirlock.Protocol;

namespace AgentAirlock.Validation;

/// <summary>
/// Checks parsed arguments against a compiled schema, strictly (no coercion), collecting every problem.
/// A valid call is checked without allocating.
/// </summary>
internal static class ArgumentValidator
{
    /// <summary>Checks the arguments object of a call; an undefined element stands for no arguments.</summary>
    public static void Validate(JsonElement arguments, ValidationScratch scratch)
    {
        SchemaNode root = scratch.Root ?? throw new InvalidOperationException("The scratch has no schema.");
        if (root.Rejects)
        {
            scratch.Add(ArgumentProblemKind.Forbidden, root, arguments.ValueKind);
            return;
        }

        if (arguments.ValueKind == JsonValueKind.Undefined)
        {
            CheckMissing(root, [], scratch);
            return;
        }

        Check(root, arguments, scratch);
    }

    private static void Check(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        if (ReferenceEquals(node, SchemaNode.Anything))
        {
            return;
        }

        if (node.Rejects)
        {
            scratch.Add(ArgumentProblemKind.Forbidden, node, value.ValueKind);
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                if (!Allows(node, JsonTypes.Null, scratch, value))
                {
                    return;
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                if (!Allows(node, JsonTypes.Boolean, scratch, value))
                {
                    return;
                }

                break;
            case JsonValueKind.Number:
                if ((node.Types & JsonTypes.Number) == 0 && (node.Types & JsonTypes.Integer) != 0)
                {
                    if (!CheckIntegerLiteral(node, value, scratch))
                    {
                        return;
                    }
                }
                else if (!Allows(node, JsonTypes.Number, scratch, value))
                {
                    return;
                }

                if (!CheckNumber(node, value, scratch))
                {
                    return;
                }

                break;
            case JsonValueKind.String:
                if ((node.Types & JsonTypes.String) == 0 && !scratch.StrictTypes && (node.Types & (JsonTypes.Integer | JsonTypes.Number)) != 0)
                {
                    CheckNumberInString(node, value, scratch);
                    return;
                }

                if (!Allows(node, JsonTypes.String, scratch, value) || !CheckString(node, value, scratch))
                {
                    return;
                }

                break;
            case JsonValueKind.Array:
                if (!Allows(node, JsonTypes.Array, scratch, value))
                {
                    return;
                }

                CheckArray(node, value, scratch);
                break;
            case JsonValueKind.Object:
                if (!Allows(node, JsonTypes.Object, scratch, value))
                {
                    return;
                }

                CheckObject(node, value, scratch);
                break;
        }

        CheckEnumAndConst(node, value, scratch);
    }

    private static bool Allows(SchemaNode node, JsonTypes type, ValidationScratch scratch, JsonElement value)
    {
        bool allowed = (node.Types & type) != 0 || (type == JsonTypes.Integer && (node.Types & JsonTypes.Number) != 0);
        if (!allowed)
        {
            scratch.Add(ArgumentProblemKind.WrongType, node, value.ValueKind);
        }

        return allowed;
    }

    private static bool CheckIntegerLiteral(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        // An integer is an integer literal: 5.0 and 5e0 do not bind to an integer parameter in the SDK.
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.IndexOfAny("."u8 + "eE"u8) >= 0)
        {
            scratch.Add(ArgumentProblemKind.NotInteger, node, value.ValueKind);
            return false;
        }

        return true;
    }

    private static bool CheckNumber(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        if (node.Clr != ClrValueKind.None && !FitsClrNumber(node.Clr, value))
        {
            scratch.Add(ArgumentProblemKind.OutOfRange, node, value.ValueKind);
            return false;
        }

        bool ok = true;
        if (node.Minimum is { } minimum && minimum.CompareValue(value) < 0)
        {
            scratch.Add(ArgumentProblemKind.BelowMinimum, node, value.ValueKind);
            ok = false;
        }
        else if (node.ExclusiveMinimum is { } exclusiveMinimum && exclusiveMinimum.CompareValue(value) <= 0)
        {
            scratch.Add(ArgumentProblemKind.BelowMinimum, node, value.ValueKind);
            ok = false;
        }

        if (node.Maximum is { } maximum && maximum.CompareValue(value) > 0)
        {
            scratch.Add(ArgumentProblemKind.AboveMaximum, node, value.ValueKind);
            ok = false;
        }
        else if (node.ExclusiveMaximum is { } exclusiveMaximum && exclusiveMaximum.CompareValue(value) >= 0)
        {
            scratch.Add(ArgumentProblemKind.AboveMaximum, node, value.ValueKind);
            ok = false;
        }

        if (node.MultipleOf is { } divisor && !divisor.Divides(value))
        {
            scratch.Add(ArgumentProblemKind.NotMultipleOf, node, value.ValueKind);
            ok = false;
        }

        return ok;
    }

    /// <summary>Whether the number converts to the parameter's .NET type exactly as the SDK's serializer would.</summary>
    private static bool FitsClrNumber(ClrValueKind kind, JsonElement value) => kind switch
    {
        ClrValueKind.SByte => value.TryGetSByte(out _),
        ClrValueKind.Byte => value.TryGetByte(out _),
        ClrValueKind.Int16 => value.TryGetInt16(out _),
        ClrValueKind.UInt16 => value.TryGetUInt16(out _),
        ClrValueKind.Int32 => value.TryGetInt32(out _),
        ClrValueKind.UInt32 => value.TryGetUInt32(out _),
        ClrValueKind.Int64 => value.TryGetInt64(out _),
        ClrValueKind.UInt64 => value.TryGetUInt64(out _),
        ClrValueKind.Single => value.TryGetSingle(out float f) && float.IsFinite(f),
        ClrValueKind.Double => value.TryGetDouble(out double d) && double.IsFinite(d),
        ClrValueKind.Decimal => value.TryGetDecimal(out _),
        _ => true,
    };

    /// <summary>
    /// With strict types off, a number written as a string is accepted where the SDK would read it
    /// (<c>AllowReadingFromString</c>), and checked as that number.
    /// </summary>
    private static void CheckNumberInString(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        if (!JsonText.TryGetString(value, out string text))
        {
            scratch.Add(ArgumentProblemKind.InvalidString, node, value.ValueKind);
            return;
        }

        // System.Text.Json reads numbers from strings without surrounding whitespace; JSON parsing would allow it.
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            scratch.Add(ArgumentProblemKind.WrongType, node, value.ValueKind);
            return;
        }

        JsonDocument? number = null;
        try
        {
            number = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
        }

        using (number)
        {
            if (number is null || number.RootElement.ValueKind != JsonValueKind.Number)
            {
                scratch.Add(ArgumentProblemKind.WrongType, node, value.ValueKind);
                return;
            }

            JsonElement parsed = number.RootElement;
            if ((node.Types & JsonTypes.Number) == 0 && !CheckIntegerLiteral(node, parsed, scratch))
            {
                return;
            }

            if (CheckNumber(node, parsed, scratch))
            {
                CheckEnumAndConst(node, parsed, scratch);
            }
        }
    }

    private static bool CheckString(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        // Escapes that do not form valid UTF-16 (a lone surrogate) cannot be read as a string by the SDK.
        if (!IsValidText(value))
        {
            scratch.Add(ArgumentProblemKind.InvalidString, node, value.ValueKind);
            return false;
        }

        if (node.Clr != ClrValueKind.None && !FitsClrString(node, value, scratch))
        {
            return false;
        }

        bool ok = true;
        if (node.MinLength is not null || node.MaxLength is not null)
        {
            if (!TryGetUtf16Length(value, out int length))
            {
                scratch.Add(ArgumentProblemKind.InvalidString, node, value.ValueKind);
                return false;
            }

            if (length < node.MinLength)
            {
                scratch.Add(ArgumentProblemKind.TooShort, node, value.ValueKind);
                ok = false;
            }
            else if (length > node.MaxLength)
            {
                scratch.Add(ArgumentProblemKind.TooLong, node, value.ValueKind);
                ok = false;
            }
        }

        if (node.Pattern is { } pattern)
        {
            if (!JsonText.TryGetString(value, out string text))
            {
                scratch.Add(ArgumentProblemKind.InvalidString, node, value.ValueKind);
                return false;
            }

            if (scratch.PatternBudgetSpent)
            {
                scratch.Add(ArgumentProblemKind.PatternTimeout, node, value.ValueKind);
                return false;
            }

            try
            {
                if (!Matches(pattern, text, node.PatternMatchesWholeValue))
                {
                    scratch.Add(ArgumentProblemKind.PatternMismatch, node, value.ValueKind);
                    ok = false;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                scratch.PatternBudgetSpent = true;
                scratch.Add(ArgumentProblemKind.PatternTimeout, node, value.ValueKind);
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>Whether a string value decodes to valid UTF-16; only values with <c>\u</c> escapes need decoding.</summary>
    private static bool IsValidText(JsonElement value) =>
        JsonMarshal.GetRawUtf8Value(value).IndexOf("\\u"u8) < 0 || JsonText.TryGetString(value, out _);

    private static bool Matches(Regex pattern, string text, bool wholeValue)
    {
        if (!wholeValue)
        {
            return pattern.IsMatch(text);
        }

        // [RegularExpression] accepts a value only when its first match spans the whole value.
        foreach (ValueMatch match in pattern.EnumerateMatches(text))
        {
            return match.Index == 0 && match.Length == text.Length;
        }

        return false;
    }

    private static bool TryGetUtf16Length(JsonElement value, out int length)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        ReadOnlySpan<byte> content = raw.Length >= 2 ? raw[1..^1] : raw;
        if (content.IndexOf((byte)'\\') < 0)
        {
            length = Encoding.UTF8.GetCharCount(content);
            return true;
        }

        if (JsonText.TryGetString(value, out string text))
        {
            length = text.Length;
            return true;
        }

        length = 0;
        return false;
    }

    private static bool FitsClrString(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        bool fits;
        switch (node.Clr)
        {
            case ClrValueKind.Guid or ClrValueKind.DateTime or ClrValueKind.DateTimeOffset when JsonMarshal.GetRawUtf8Value(value).IndexOf((byte)'\\') >= 0:
                // The TryGet methods throw on escapes that are not valid UTF-16; read such values through the text.
                fits = JsonText.TryGetString(value, out string escaped) && ParsesAs(node, escaped);
                break;
            case ClrValueKind.Guid:
                fits = value.TryGetGuid(out _);
                break;
            case ClrValueKind.DateTime:
                fits = value.TryGetDateTime(out _) && HasTimeWhenRequired(node, value);
                break;
            case ClrValueKind.DateTimeOffset:
                fits = value.TryGetDateTimeOffset(out _) && HasTimeWhenRequired(node, value);
                break;
            case ClrValueKind.Uri:
                fits = JsonText.TryGetString(value, out string uri)
                    && Uri.TryCreate(uri, node.Format == "uri" ? UriKind.Absolute : UriKind.RelativeOrAbsolute, out _);
                break;
            case ClrValueKind.Char:
                fits = TryGetUtf16Length(value, out int length) && length == 1;
                break;
            case ClrValueKind.Converted when node.Enum is not null && node.ConvertedType!.Type.IsEnum:
                // The schema lists the enum's names; that (stricter) check follows and names them in its hint.
                return true;
            case ClrValueKind.Converted:
                fits = BindsWithConverter(node, value);
                break;
            default:
                return true;
        }

        if (!fits)
        {
            scratch.Add(ArgumentProblemKind.InvalidFormat, node, value.ValueKind);
        }

        return fits;
    }

    private static bool ParsesAs(SchemaNode node, string text)
    {
        // Re-read the decoded text as a JSON string without escapes, so the same System.Text.Json rules apply.
        using JsonDocument plain = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(text));
        JsonElement element = plain.RootElement;
        return node.Clr switch
        {
            ClrValueKind.Guid => element.TryGetGuid(out _),
            ClrValueKind.DateTime => element.TryGetDateTime(out _) && HasTimeWhenRequired(node, element),
            _ => element.TryGetDateTimeOffset(out _) && HasTimeWhenRequired(node, element),
        };
    }

    /// <summary>A date-time must carry a time: "2025-01-31" would bind, as midnight, which the schema does not say.</summary>
    private static bool HasTimeWhenRequired(SchemaNode node, JsonElement value) =>
        node.Format != "date-time" || JsonMarshal.GetRawUtf8Value(value).IndexOfAny((byte)'T', (byte)'t') >= 0;

    private static bool BindsWithConverter(SchemaNode node, JsonElement value)
    {
        try
        {
            _ = value.Deserialize(node.ConvertedType!);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return false;
        }
    }

    private static void CheckArray(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        int count = value.GetArrayLength();
        if (count < node.MinItems)
        {
            scratch.Add(ArgumentProblemKind.TooFewItems, node, value.ValueKind);
        }
        else if (count > node.MaxItems)
        {
            scratch.Add(ArgumentProblemKind.TooManyItems, node, value.ValueKind);
        }

        if (node.Items is { } items && !ReferenceEquals(items, SchemaNode.Anything))
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                scratch.Push(index++);
                Check(items, item, scratch);
                scratch.Pop();
            }
        }

        if (node.UniqueItems && !AreUnique(value))
        {
            scratch.Add(ArgumentProblemKind.NotUnique, node, value.ValueKind);
        }
    }

    private static bool AreUnique(JsonElement array)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonElement item in array.EnumerateArray())
        {
            string key = item.ValueKind == JsonValueKind.String && JsonText.TryGetString(item, out string text)
                ? "s" + text
                : "r" + item.GetRawText();
            if (!seen.Add(key))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckObject(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        SchemaProperty[] properties = node.Properties;
        Span<bool> seen = properties.Length <= 64 ? stackalloc bool[properties.Length] : new bool[properties.Length];
        List<int>? ghosts = null;
        foreach (JsonProperty member in value.EnumerateObject())
        {
            int index = FindProperty(node, member);
            if (index >= 0)
            {
                seen[index] = true;
                SchemaProperty declared = properties[index];
                if (!ReferenceEquals(declared.Schema, SchemaNode.Anything))
                {
                    scratch.Push(declared.Name);
                    Check(declared.Schema, member.Value, scratch);
                    scratch.Pop();
                }

                continue;
            }

            SchemaNode? additional = node.AdditionalProperties;
            if (additional is null)
            {
                int position = scratch.Problems.Count;
                string name = JsonText.TryGetName(member, out string decoded) ? decoded : "?";
                scratch.Add(ArgumentProblemKind.Unknown, null, member.Value.ValueKind, leaf: name);
                if (scratch.Problems.Count > position)
                {
                    (ghosts ??= []).Add(position);
                }
            }
            else if (!JsonText.TryGetName(member, out string key))
            {
                // A key that is not valid UTF-16 cannot be bound by the SDK either.
                scratch.Add(ArgumentProblemKind.InvalidString, null, member.Value.ValueKind, leaf: "?");
            }
            else if (!ReferenceEquals(additional, SchemaNode.Anything))
            {
                scratch.Push(key);
                Check(additional, member.Value, scratch);
                scratch.Pop();
            }
        }

        if (ghosts is not null)
        {
            SuggestNames(node, seen, ghosts, scratch);
        }

        if (node.RequiredCount > 0)
        {
            CheckMissing(node, seen, scratch);
        }
    }

    /// <summary>
    /// Suggests, for each ghost of this object, the closest declared member the call did not send: a misspelled
    /// argument is usually one that is otherwise missing.
    /// </summary>
    private static void SuggestNames(SchemaNode node, ReadOnlySpan<bool> seen, List<int> ghosts, ValidationScratch scratch)
    {
        List<ArgumentProblem> problems = scratch.Problems;
        foreach (int i in ghosts)
        {
            ArgumentProblem ghost = problems[i];
            SchemaProperty? suggestion = NameSuggestions.Closest(ghost.Name, node, seen);
            if (suggestion is not null)
            {
                problems[i] = ghost with { Schema = suggestion.Schema, Detail = suggestion.Name };
            }
        }
    }

    private static void CheckMissing(SchemaNode node, ReadOnlySpan<bool> seen, ValidationScratch scratch)
    {
        SchemaProperty[] properties = node.Properties;
        for (int i = 0; i < properties.Length; i++)
        {
            if (properties[i].Required && (seen.Length <= i || !seen[i]))
            {
                scratch.Add(ArgumentProblemKind.Missing, properties[i].Schema, JsonValueKind.Undefined, leaf: properties[i].Name);
            }
        }
    }

    internal static int FindProperty(SchemaNode node, JsonProperty member)
    {
        SchemaProperty[] properties = node.Properties;
        if (properties.Length <= SchemaNode.LinearSearchLimit)
        {
            for (int i = 0; i < properties.Length; i++)
            {
                if (JsonText.NameEquals(member, properties[i].Utf8Name))
                {
                    return i;
                }
            }

            return -1;
        }

        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(member);
        if (raw.IndexOf((byte)'\\') < 0 && raw.Length <= 256)
        {
            Span<char> chars = stackalloc char[raw.Length];
            int written = Encoding.UTF8.GetChars(raw, chars);
            return node.TryGetPropertyIndex(chars[..written], out int found) ? found : -1;
        }

        return JsonText.TryGetName(member, out string name) && node.TryGetPropertyIndex(name, out int index) ? index : -1;
    }

    private static void CheckEnumAndConst(SchemaNode node, JsonElement value, ValidationScratch scratch)
    {
        if (node.Enum is { } allowed)
        {
            bool found = false;
            foreach (JsonElement candidate in allowed)
            {
                if (SameValue(candidate, value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                scratch.Add(ArgumentProblemKind.NotInEnum, node, value.ValueKind);
            }
        }

        if (node.Const.ValueKind != JsonValueKind.Undefined && !SameValue(node.Const, value))
        {
            scratch.Add(ArgumentProblemKind.NotConst, node, value.ValueKind);
        }
    }

    private static bool SameValue(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String)
        {
            try
            {
                return JsonText.TryGetString(expected, out string text) && actual.ValueEquals(text);
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            return expected.TryGetDecimal(out decimal a) && actual.TryGetDecimal(out decimal b)
                ? a == b
                : expected.GetRawText() == actual.GetRawText();
        }

        return JsonElement.DeepEquals(expected, actual);
    }
}
