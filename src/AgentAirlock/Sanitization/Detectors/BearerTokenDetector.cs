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
