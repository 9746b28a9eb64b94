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

    private static readonly SearchValues<byte> UpperWord = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_"u8);

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
    /// Finds the credentials of a string of structured data held by an authorization header's field
    /// (<c>{"Authorization": "Bearer …"}</c>, also <c>Proxy-Authorization</c>, <c>HTTP_AUTHORIZATION</c>,
    /// <c>X-Authorization</c>, <c>authorizationHeader</c>): scanned alone, the value has no "authorization" before it,
    /// which the same pair written as text has. A field is a header only when its whole value is one, the scheme and one
    /// token, and the token is not a word or a placeholder (<c>Bearer YOUR_API_KEY</c>, <c>Basic authentication</c>): a
    /// name merely ending in the word (<c>prior_authorization</c>) or prose after "Basic" is not read as a credential.
    /// </summary>
    public static void FindInField(ReadOnlySpan<byte> fieldName, ReadOnlySpan<byte> value, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);

        // Most strings do not start with a scheme: they are ruled out before the name is read.
        int start = value.IndexOfAnyExcept(SecretChars.WhitespaceBytes);
        if (start < 0 || (value[start] | 0x20) != 'b' || !IsAuthorizationName(fieldName))
        {
            return;
        }

        int tokenEnd = ReadCredential(value, start, out int tokenStart, out SensitiveDataType type);
        if (tokenEnd > 0 && !value[tokenEnd..].ContainsAnyExcept(SecretChars.WhitespaceBytes) && !IsWordOrPlaceholder(value[tokenStart..tokenEnd]))
        {
            findings.Add(tokenStart, tokenEnd - tokenStart, type);
        }
    }

    /// <summary>
    /// An authorization header's name once separators and case are set aside: <c>authorization</c>, with <c>proxy</c>,
    /// <c>http</c> (a CGI environment's <c>HTTP_AUTHORIZATION</c>) or <c>x</c> before it or <c>header</c> after it.
    /// </summary>
    private static bool IsAuthorizationName(ReadOnlySpan<byte> name)
    {
        // The name is read for every string it holds: a long one is not a header's, and is not read.
        const int LongestName = 40;
        if (name.Length > LongestName)
        {
            return false;
        }

        Span<byte> letters = stackalloc byte["httpproxyauthorizationheader".Length];
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
        ReadOnlySpan<byte> header = "header"u8;
        ReadOnlySpan<byte> authorization = "authorization"u8;
        if (normalized.EndsWith(header))
        {
            normalized = normalized[..^header.Length];
        }

        if (!normalized.EndsWith(authorization))
        {
            return false;
        }

        ReadOnlySpan<byte> prefix = normalized[..^authorization.Length];
        return prefix.IsEmpty || prefix.SequenceEqual("proxy"u8) || prefix.SequenceEqual("http"u8) || prefix.SequenceEqual("x"u8)
            || prefix.SequenceEqual("httpproxy"u8);
    }

    /// <summary>
    /// A token that stands for a credential in documentation or a form: a mask (<c>xxxxxxxx</c>), a placeholder in
    /// capitals (<c>YOUR_API_KEY</c>, <c>REPLACE_ME</c>, <c>INSERT_TOKEN_HERE</c>), or the word after "Basic" in prose
    /// (<c>authentication</c>). Other words are passwords as much as any value (<c>Bearer supersecretpassword</c>).
    /// </summary>
    private static bool IsWordOrPlaceholder(ReadOnlySpan<byte> token)
    {
        if (token.IndexOfAnyExcept((byte)'x', (byte)'X') < 0)
        {
            return true;
        }

        if (!token.ContainsAnyExcept(UpperWord))
        {
            return token.StartsWith("YOUR_"u8) || token.IndexOf("REPLACE"u8) >= 0 || token.IndexOf("PLACEHOLDER"u8) >= 0
                || token.StartsWith("INSERT_"u8);
        }

        return SecretChars.EqualsLower(token, 0, "authentication"u8) && token.Length == "authentication".Length;
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

            int tokenEnd = ReadCredential(text, scheme, out int tokenStart, out SensitiveDataType type);
            if (tokenEnd == 0)
            {
                continue;
            }

            if (tokenEnd < 0)
            {
                // A token too short to be one: nothing is reported, and the search resumes after it.
                return -tokenEnd;
            }

            // A token a sanitizer abbreviated is left as it is, so that masking twice changes nothing.
            ReadOnlySpan<byte> jwtMark = "[JWT]"u8;
            int maskEnd = text[tokenEnd..].StartsWith(jwtMark) ? tokenEnd + jwtMark.Length : tokenEnd;
            if (!SecretChars.IsAbbreviatedMask(text[tokenStart..maskEnd]))
            {
                findings.Add(tokenStart, tokenEnd - tokenStart, type);
            }

            return tokenEnd;
        }

        return windowStart;
    }

    /// <summary>
    /// Reads "Bearer x" or "Basic x" at <paramref name="scheme"/>: the end of x when it is long enough to be a credential,
    /// minus that end when it is too short, 0 when no scheme and token are there.
    /// </summary>
    private static int ReadCredential(ReadOnlySpan<byte> text, int scheme, out int tokenStart, out SensitiveDataType type)
    {
        int schemeLength;
        tokenStart = 0;
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
            type = default;
            return 0;
        }

        tokenStart = scheme + schemeLength;
        if (tokenStart >= text.Length || !SecretChars.IsSpace(text[tokenStart]))
        {
            return 0;
        }

        while (tokenStart < text.Length && SecretChars.IsSpace(text[tokenStart]))
        {
            tokenStart++;
        }

        SearchValues<byte> chars = type == SensitiveDataType.BearerToken ? TokenChars : Base64Chars;
        if (tokenStart >= text.Length || !chars.Contains(text[tokenStart]))
        {
            return 0;
        }

        int tokenEnd = SecretChars.RunEnd(text, tokenStart, chars);
        return tokenEnd - tokenStart >= MinToken ? tokenEnd : -tokenEnd;
    }
}
