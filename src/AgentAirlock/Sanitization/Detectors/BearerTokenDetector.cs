using System.Buffers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// The credentials of an <c>Authorization</c> header (or of any line that names authorization): the token of
/// <c>Bearer …</c>, and the base64 user:password of <c>Basic …</c>, reported as a password.
/// </summary>
internal sealed class BearerTokenDetector : IDetector
{
    private const int MinToken = 8;

    // How far after "authorization" the scheme may be: room for quotes, a colon, a JSON or header separator.
    private const int SchemeWindow = 128;

    private static readonly SearchValues<byte> TokenChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/=-"u8);

    private static readonly SearchValues<byte> Base64Chars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.BearerToken, SensitiveDataType.Password];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);

        // "authorization" is anchored on its 'z', one of the rarest letters of English.
        int position = 7;
        while (position < text.Length)
        {
            int found = text[position..].IndexOfAny((byte)'z', (byte)'Z');
            if (found < 0)
            {
                return;
            }

            int z = position + found;
            position = z + 1;
            if (!SecretChars.EqualsLower(text, z - 7, "authorization"u8))
            {
                continue;
            }

            int windowStart = z + 6;
            ReadOnlySpan<byte> window = text[windowStart..Math.Min(text.Length, windowStart + SchemeWindow)];
            int lineEnd = window.IndexOfAny((byte)'\n', (byte)'\r');
            if (lineEnd >= 0)
            {
                window = window[..lineEnd];
            }

            int tokenEnd = FindCredential(text, windowStart, window.Length, findings);
            position = Math.Max(position, tokenEnd);
        }
    }

    /// <summary>
    /// Finds the credentials of a string of structured data held by a field named <c>Authorization</c> (or
    /// <c>Proxy-Authorization</c>, in any case and spelling): <c>{"Authorization": "Bearer …"}</c>. Scanned alone, the
    /// value has no "authorization" before it, which the same pair written as text has. A field is a header only when
    /// its whole value is one: the scheme, then one token to the end, so that a name merely ending in the word
    /// (<c>prior_authorization</c>) or prose after "Basic" is not read as a credential.
    /// </summary>
    public static void FindInField(ReadOnlySpan<byte> fieldName, ReadOnlySpan<byte> value, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);

        // A value too short for the scheme, a space and a token, or not starting with a scheme, is most strings: it is
        // ruled out before the name is read.
        int start = value.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0 || value.Length - start < 6 + MinToken || (value[start] | 0x20) != 'b' || !IsAuthorizationName(fieldName))
        {
            return;
        }

        // A window of one byte: the scheme must be where the value starts.
        int before = findings.Count;
        int end = FindCredential(value, start, 1, findings);
        if (findings.Count > before && value[end..].ContainsAnyExcept((byte)' ', (byte)'\t'))
        {
            findings.RemoveAt(before);
        }
    }

    /// <summary>authorization or proxyauthorization, once separators and case are set aside.</summary>
    private static bool IsAuthorizationName(ReadOnlySpan<byte> name)
    {
        // The name is read for every string it holds: a long one is not a header's, and is not read.
        const int LongestName = 32;
        if (name.Length > LongestName)
        {
            return false;
        }

        Span<byte> letters = stackalloc byte[18];
        int length = 0;
        foreach (byte b in name)
        {
            if (b is (byte)'-' or (byte)'_' or (byte)' ')
            {
                continue;
            }

            if (!SecretChars.IsLetter(b) || length == letters.Length)
            {
                return false;
            }

            letters[length++] = (byte)(b | 0x20);
        }

        ReadOnlySpan<byte> normalized = letters[..length];
        return normalized.SequenceEqual("authorization"u8) || normalized.SequenceEqual("proxyauthorization"u8);
    }

    /// <summary>Finds "Bearer x" or "Basic x" in the window and reports x; returns where scanning may resume.</summary>
    private static int FindCredential(ReadOnlySpan<byte> text, int windowStart, int windowLength, FindingList findings)
    {
        int i = 0;
        while (i < windowLength)
        {
            int found = text.Slice(windowStart + i, windowLength - i).IndexOfAny((byte)'b', (byte)'B');
            if (found < 0)
            {
                break;
            }

            int scheme = windowStart + i + found;
            i += found + 1;
            if (scheme > 0 && SecretChars.IsAlnum(text[scheme - 1]))
            {
                continue;
            }

            int schemeLength;
            SensitiveDataType type;
            if (SecretChars.EqualsLower(text, scheme, "bearer"u8))
            {
                schemeLength = 6;
                type = SensitiveDataType.BearerToken;
            }
            else if (SecretChars.EqualsLower(text, scheme, "basic"u8))
            {
                schemeLength = 5;
                type = SensitiveDataType.Password;
            }
            else
            {
                continue;
            }

            int tokenStart = scheme + schemeLength;
            if (tokenStart >= text.Length || !SecretChars.IsSpace(text[tokenStart]))
            {
                continue;
            }

            while (tokenStart < text.Length && SecretChars.IsSpace(text[tokenStart]))
            {
                tokenStart++;
            }

            SearchValues<byte> chars = type == SensitiveDataType.BearerToken ? TokenChars : Base64Chars;
            if (tokenStart >= text.Length || !chars.Contains(text[tokenStart]))
            {
                continue;
            }

            int tokenEnd = SecretChars.RunEnd(text, tokenStart, chars);
            if (tokenEnd - tokenStart >= MinToken)
            {
                findings.Add(tokenStart, tokenEnd - tokenStart, type);
            }

            return tokenEnd;
        }

        return windowStart;
    }
}
