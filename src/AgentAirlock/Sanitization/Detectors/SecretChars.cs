using System.Buffers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>Byte classes and small scanning helpers shared by the secret detectors.</summary>
internal static class SecretChars
{
    public static readonly SearchValues<byte> Alnum = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"u8);

    public static readonly SearchValues<byte> Word = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"u8);

    public static readonly SearchValues<byte> Base64Url = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"u8);

    public static readonly SearchValues<byte> AlnumDash = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"u8);

    public static readonly SearchValues<byte> Base64 = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    public static readonly SearchValues<byte> Assignment = SearchValues.Create(":="u8);

    public static readonly SearchValues<byte> LowerHex = SearchValues.Create("0123456789abcdef"u8);

    /// <summary>The bytes of <see cref="IsWhitespace"/>.</summary>
    public static readonly SearchValues<byte> WhitespaceBytes = SearchValues.Create(" \t\r\n\f\v"u8);

    public static bool IsAlnum(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9;

    public static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsWord(byte b) => b == '_' || IsAlnum(b);

    public static bool IsBase64Url(byte b) => b == '-' || IsWord(b);

    /// <summary>Characters of a configuration key: <c>DB_PASSWORD</c>, <c>api-key</c>, <c>spring.datasource.password</c>.</summary>
    public static bool IsIdentifier(byte b) => b == '.' || IsBase64Url(b);

    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t';

    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'\v';

    /// <summary>Whether the byte before <paramref name="index"/> is absent or outside <paramref name="set"/>.</summary>
    public static bool StartsToken(ReadOnlySpan<byte> text, int index, SearchValues<byte> set) => index == 0 || !set.Contains(text[index - 1]);

    /// <summary>Whether <paramref name="index"/> is the end of the text or a byte outside <paramref name="set"/>.</summary>
    public static bool EndsToken(ReadOnlySpan<byte> text, int index, SearchValues<byte> set) => index >= text.Length || !set.Contains(text[index]);

    /// <summary>The end of the run of <paramref name="set"/> bytes that starts at <paramref name="index"/>.</summary>
    public static int RunEnd(ReadOnlySpan<byte> text, int index, SearchValues<byte> set)
    {
        int length = text[index..].IndexOfAnyExcept(set);
        return length < 0 ? text.Length : index + length;
    }

    /// <summary>
    /// The offset from <paramref name="position"/> of the next ':' or '='. The byte at the position is tested first: in
    /// text made of assignment bytes a vectorized search per byte would cost more than the check it leads to.
    /// </summary>
    public static int IndexOfAssignment(ReadOnlySpan<byte> text, int position) =>
        text[position] is (byte)':' or (byte)'=' ? 0 : text[position..].IndexOfAny(Assignment);

    /// <summary>ASCII case-insensitive comparison with a lower-case <paramref name="lower"/>.</summary>
    public static bool EqualsLower(ReadOnlySpan<byte> text, int index, ReadOnlySpan<byte> lower)
    {
        if (index < 0 || index > text.Length - lower.Length)
        {
            return false;
        }

        for (int i = 0; i < lower.Length; i++)
        {
            byte b = text[index + i];
            if ((IsLetter(b) ? (byte)(b | 0x20) : b) != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Finds the key of an assignment whose '=' or ':' is at <paramref name="assign"/>: spaces, then a closing quote
    /// (possibly JSON-escaped), then the identifier. The identifier is read back at most 128 bytes so that a long run of
    /// identifier bytes cannot be rescanned for every assignment in it.
    /// </summary>
    public static bool TryKeyBefore(ReadOnlySpan<byte> text, int assign, out int keyStart, out int keyEnd)
    {
        int i = assign;
        while (i > 0 && IsSpace(text[i - 1]))
        {
            i--;
        }

        if (i > 0 && text[i - 1] is (byte)'"' or (byte)'\'')
        {
            i--;
            if (i > 0 && text[i - 1] == '\\')
            {
                i--;
            }
        }

        keyEnd = i;
        while (i > 0 && keyEnd - i < 128 && IsIdentifier(text[i - 1]))
        {
            i--;
        }

        keyStart = i;
        return keyEnd > keyStart;
    }

    /// <summary>
    /// The start of the value of an assignment whose '=' or ':' is at <paramref name="assign"/> (also <c>:=</c>,
    /// <c>=&gt;</c> and <c>==</c>), after spaces and an opening quote, which <paramref name="quote"/> returns (0 if none).
    /// </summary>
    public static int ValueStart(ReadOnlySpan<byte> text, int assign, out byte quote)
    {
        int i = assign + 1;
        if (i < text.Length && (text[i] == '=' || (text[assign] == '=' && text[i] == '>')))
        {
            i++;
        }

        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        quote = 0;
        if (i + 1 < text.Length && text[i] == '\\' && text[i + 1] is (byte)'"' or (byte)'\'')
        {
            quote = text[i + 1];
            i += 2;
        }
        else if (i < text.Length && text[i] is (byte)'"' or (byte)'\'')
        {
            quote = text[i];
            i++;
        }

        return i;
    }

    /// <summary>Whether <paramref name="value"/> is a mask this sanitizer writes, a label or an abbreviated key.</summary>
    public static bool IsMask(ReadOnlySpan<byte> value) => IsMaskLabel(value) || IsAbbreviatedMask(value);

    /// <summary>
    /// Whether <paramref name="value"/> is a mask this sanitizer writes: <c>[REDACTED]</c>, a type's label
    /// (<c>[PASSWORD]</c>) or a label with its eight-digit hash (<c>[PASSWORD:1f3a9c2e]</c>). A value already masked is
    /// not reported again, so that masking twice changes nothing; any other bracketed word (<c>[PROD_DB_PASS]</c>,
    /// <c>[PASSWORD:Hunter2Secret99]</c>) may be a secret and is judged as one.
    /// </summary>
    public static bool IsMaskLabel(ReadOnlySpan<byte> value)
    {
        const int HashDigits = 8;
        if (value.Length < 3 || value[0] != '[' || value[^1] != ']')
        {
            return false;
        }

        ReadOnlySpan<byte> inner = value[1..^1];
        int colon = inner.Length > HashDigits ? inner.Length - HashDigits - 1 : -1;
        if (colon > 0 && inner[colon] == ':')
        {
            return !inner[(colon + 1)..].ContainsAnyExcept(LowerHex) && SensitiveDataLabels.IsLabel(inner[..colon]);
        }

        return inner.SequenceEqual("REDACTED"u8) || SensitiveDataLabels.IsLabel(inner);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a key this sanitizer's <c>Partial</c> strategy abbreviated: four characters of
    /// a key of a known kind and "...", or seven, "..." and the last four (<c>ghp_aBc...6789</c>), or a JWT's first ten
    /// and "...[JWT]". A password that happens to hold "..." has neither that shape nor a key's start.
    /// </summary>
    public static bool IsAbbreviatedMask(ReadOnlySpan<byte> value)
    {
        int dots = value.IndexOf("..."u8);
        if (dots < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> prefix = value[..dots];
        ReadOnlySpan<byte> rest = value[(dots + 3)..];
        if (rest.SequenceEqual("[JWT]"u8))
        {
            return dots == 10 && prefix.StartsWith("eyJ"u8);
        }

        return ((dots == 4 && rest.IsEmpty) || (dots == 7 && rest.Length == 4 && !rest.ContainsAnyExcept(Base64Url)))
            && (prefix.StartsWith("gh"u8) || prefix.StartsWith("sk-"u8) || prefix.StartsWith("sk_"u8) || prefix.StartsWith("rk_"u8)
                || prefix.StartsWith("xox"u8) || prefix.StartsWith("xapp"u8) || prefix.StartsWith("AIza"u8) || AwsKeyDetector.StartsLikeId(prefix));
    }

    /// <summary>Whether "aws" occurs, in any case, in <paramref name="text"/>.</summary>
    public static bool ContainsAws(ReadOnlySpan<byte> text)
    {
        for (int i = text.IndexOfAny((byte)'a', (byte)'A'); i >= 0 && i + 3 <= text.Length; i = Next(text, i))
        {
            if (EqualsLower(text, i, "aws"u8))
            {
                return true;
            }
        }

        return false;

        static int Next(ReadOnlySpan<byte> text, int i)
        {
            int next = text[(i + 1)..].IndexOfAny((byte)'a', (byte)'A');
            return next < 0 ? -1 : i + 1 + next;
        }
    }
}
