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

    /// <summary>
    /// Whether <paramref name="value"/> is a mask left by a sanitizer: <c>[REDACTED]</c>, <c>[PASSWORD]</c>,
    /// <c>[PASSWORD:1f3a9c2e]</c>. A value already masked is not reported again, so that masking twice changes nothing.
    /// </summary>
    public static bool IsMaskLabel(ReadOnlySpan<byte> value)
    {
        if (value.Length < 3 || value[0] != '[' || value[^1] != ']')
        {
            return false;
        }

        // The name is read up to the first byte that cannot continue it, never searched for a colon further on: a long
        // value that is no label costs no more than its first bytes.
        ReadOnlySpan<byte> inner = value[1..^1];
        int name = 0;
        while (name < inner.Length && inner[name] is (>= (byte)'A' and <= (byte)'Z') or (byte)'_')
        {
            name++;
        }

        return name > 0
            && (name == inner.Length || (inner[name] == ':' && !inner[(name + 1)..].ContainsAnyExcept(Alnum)));
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a key a sanitizer abbreviated (the <c>Partial</c> strategy): the start of a
    /// key of a known kind, "...", at most four more characters (<c>ghp_aBc...6789</c>, <c>sk-p...</c>,
    /// <c>eyJhbGciOi...[JWT]</c>). A password that happens to hold "..." does not start like a key.
    /// </summary>
    public static bool IsAbbreviatedMask(ReadOnlySpan<byte> value)
    {
        const int LongestPrefix = 10;
        const int LongestSuffix = 4;
        int dots = value.IndexOf("..."u8);
        if (dots < 4 || dots > LongestPrefix || !StartsLikeKey(value[..dots]))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = value[(dots + 3)..];
        return rest.SequenceEqual("[JWT]"u8) || (rest.Length <= LongestSuffix && !rest.ContainsAnyExcept(Alnum));

        // GitHub, OpenAI, Anthropic, Stripe, Slack and Google keys, JWTs, and AWS ids (a capital A and three capitals).
        static bool StartsLikeKey(ReadOnlySpan<byte> prefix) =>
            prefix.StartsWith("gh"u8) || prefix.StartsWith("sk"u8) || prefix.StartsWith("rk_"u8) || prefix.StartsWith("xox"u8)
            || prefix.StartsWith("xapp"u8) || prefix.StartsWith("AIza"u8) || prefix.StartsWith("eyJ"u8)
            || (prefix[0] == 'A' && !prefix[1..4].ContainsAnyExceptInRange((byte)'A', (byte)'Z'));
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
