using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AgentAirlock.Protocol;

/// <summary>
/// Reading names and strings of untrusted JSON without throwing and, where the text is plain, without allocating.
/// </summary>
internal static class JsonText
{
    /// <summary>
    /// Gets a string value, or <see langword="false"/> when its escapes do not form valid UTF-16 (a lone surrogate):
    /// <see cref="JsonElement.GetString"/> would throw, and the MCP SDK could not read it either.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string value)
    {
        try
        {
            value = element.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }

    /// <summary>Gets a property name, or <see langword="false"/> when its escapes do not form valid UTF-16.</summary>
    public static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// Whether a property name equals <paramref name="expected"/> (ASCII) under <see cref="StringComparison.OrdinalIgnoreCase"/>,
    /// the comparison System.Text.Json uses for case-insensitive binding, as the MCP SDK does for <c>params</c>.
    /// </summary>
    public static bool NameEqualsIgnoreCase(JsonProperty property, string expected)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0 && Ascii.IsValid(raw))
        {
            return Ascii.EqualsIgnoreCase(raw, expected);
        }

        // Escapes or non-ASCII letters (e.g. U+017F folds to 'S') need the exact framework comparison.
        return TryGetName(property, out string name) && string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether a property name is exactly <paramref name="expectedUtf8"/>, without allocating.</summary>
    public static bool NameEquals(JsonProperty property, ReadOnlySpan<byte> expectedUtf8)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return raw.SequenceEqual(expectedUtf8);
        }

        try
        {
            return property.NameEquals(expectedUtf8);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Whether two property names differ only in case (OrdinalIgnoreCase-equal but not ordinal-equal).</summary>
    public static bool NamesCollideIgnoringCase(JsonProperty left, JsonProperty right)
    {
        ReadOnlySpan<byte> a = JsonMarshal.GetRawUtf8PropertyName(left);
        ReadOnlySpan<byte> b = JsonMarshal.GetRawUtf8PropertyName(right);
        if (a.IndexOf((byte)'\\') < 0 && b.IndexOf((byte)'\\') < 0 && Ascii.IsValid(a) && Ascii.IsValid(b))
        {
            return Ascii.EqualsIgnoreCase(a, b);
        }

        return TryGetName(left, out string x) && TryGetName(right, out string y)
            && string.Equals(x, y, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Shortens untrusted text for an error message and keeps control characters out of it.</summary>
    public static string ForMessage(string text, int maxLength = 64)
    {
        ReadOnlySpan<char> span = text.AsSpan(0, Math.Min(text.Length, maxLength));
        var builder = new StringBuilder(span.Length + 3);
        foreach (char c in span)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        if (text.Length > maxLength)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
