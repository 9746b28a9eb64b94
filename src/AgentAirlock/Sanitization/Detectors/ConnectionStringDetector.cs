using System.Buffers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// The password of a connection string: the password of a URI's userinfo (<c>scheme://user:password@host</c>, any
/// scheme), and the value of an ADO.NET or ODBC <c>Password=</c> / <c>Pwd=</c> key. Only the password is reported.
/// </summary>
internal sealed class ConnectionStringDetector : IDetector
{
    private const int MaxScheme = 32;
    private const int MaxValue = 512;

    // Where a URI's authority ends. A password with an unencoded '/' is cut there; it should be percent-encoded anyway.
    private static readonly SearchValues<byte> AuthorityEnd = SearchValues.Create("/?#\"'<>`\\ \t\r\n\f\v"u8);

    private static readonly SearchValues<byte> AdoValueEnd = SearchValues.Create(";\"'\r\n"u8);

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.ConnectionString];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        FindUriPasswords(text, findings);
        FindAdoPasswords(text, findings);
    }

    /// <summary>
    /// Whether the '=' at <paramref name="assign"/> sets the password of an ADO.NET or ODBC connection string: the key is
    /// exactly <c>Password</c> or <c>Pwd</c> (any case) and a ';' precedes the key or follows the value. Returns the value.
    /// </summary>
    public static bool TryAdoPassword(ReadOnlySpan<byte> text, int assign, out int valueStart, out int valueEnd)
    {
        valueStart = valueEnd = 0;
        int keyEnd = assign;
        while (keyEnd > 0 && SecretChars.IsSpace(text[keyEnd - 1]))
        {
            keyEnd--;
        }

        int keyStart = keyEnd;
        while (keyStart > 0 && keyEnd - keyStart <= 8 && SecretChars.IsLetter(text[keyStart - 1]))
        {
            keyStart--;
        }

        bool isPassword = (keyEnd - keyStart == 8 && SecretChars.EqualsLower(text, keyStart, "password"u8))
            || (keyEnd - keyStart == 3 && SecretChars.EqualsLower(text, keyStart, "pwd"u8));
        if (!isPassword || (keyStart > 0 && SecretChars.IsIdentifier(text[keyStart - 1])))
        {
            return false;
        }

        int before = keyStart;
        while (before > 0 && SecretChars.IsSpace(text[before - 1]))
        {
            before--;
        }

        bool afterSemicolon = before > 0 && text[before - 1] == ';';

        int i = assign + 1;
        while (i < text.Length && SecretChars.IsSpace(text[i]))
        {
            i++;
        }

        // Values are read through a bounded window so that a text of repeated "Password=" costs linear time; a longer
        // value is reported up to the window when a ';' before the key says it is a connection string.
        ReadOnlySpan<byte> window = text[i..Math.Min(text.Length, i + MaxValue)];
        int next;
        if (window.Length > 0 && window[0] is (byte)'\'' or (byte)'"' or (byte)'{'
            && TryQuoted(window, out int quotedStart, out int quotedEnd, out int quotedNext))
        {
            valueStart = i + quotedStart;
            valueEnd = i + quotedEnd;
            next = i + quotedNext;
        }
        else
        {
            valueStart = i;
            int length = window.IndexOfAny(AdoValueEnd);
            next = i + (length < 0 ? window.Length : length);
            valueEnd = next;
            while (valueEnd > valueStart && (SecretChars.IsWhitespace(text[valueEnd - 1]) || text[valueEnd - 1] == '\\'))
            {
                valueEnd--;
            }
        }

        while (next < text.Length && SecretChars.IsSpace(text[next]))
        {
            next++;
        }

        bool beforeSemicolon = next < text.Length && text[next] == ';';
        return valueEnd > valueStart && (afterSemicolon || beforeSemicolon);
    }

    /// <summary>A quoted value at the start of <paramref name="window"/>: '…' and "…" (the quote doubled inside), ODBC {…} ('}' doubled), on one line.</summary>
    private static bool TryQuoted(ReadOnlySpan<byte> window, out int valueStart, out int valueEnd, out int next)
    {
        byte close = window[0] == '{' ? (byte)'}' : window[0];
        valueStart = 1;
        int i = 1;
        while (i < window.Length)
        {
            int found = window[i..].IndexOfAny(close, (byte)'\n', (byte)'\r');
            if (found < 0 || window[i + found] != close)
            {
                break;
            }

            i += found;
            if (i + 1 < window.Length && window[i + 1] == close)
            {
                i += 2;
                continue;
            }

            valueEnd = i;
            next = i + 1;
            return true;
        }

        valueEnd = next = 0;
        return false;
    }

    private static void FindUriPasswords(ReadOnlySpan<byte> text, FindingList findings)
    {
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf("://"u8);
            if (found < 0)
            {
                return;
            }

            int separator = position + found;
            int authorityStart = separator + 3;
            position = authorityStart;
            if (!HasScheme(text, separator))
            {
                continue;
            }

            int length = text[authorityStart..].IndexOfAny(AuthorityEnd);
            int authorityEnd = length < 0 ? text.Length : authorityStart + length;

            // The '/' that ended this authority may belong to the next "://".
            position = Math.Max(authorityStart, authorityEnd - 1);

            // The last '@' ends the userinfo: a password with an unencoded '@' is still masked whole.
            ReadOnlySpan<byte> authority = text[authorityStart..authorityEnd];
            int at = authority.LastIndexOf((byte)'@');
            if (at <= 0)
            {
                continue;
            }

            int colon = authority[..at].IndexOf((byte)':');
            if (colon >= 0 && colon + 1 < at && !SecretChars.IsMask(authority[(colon + 1)..at]))
            {
                findings.Add(authorityStart + colon + 1, at - colon - 1, SensitiveDataType.ConnectionString);
            }
        }
    }

    private static bool HasScheme(ReadOnlySpan<byte> text, int separator)
    {
        int start = separator;
        while (start > 0 && separator - start < MaxScheme
            && (SecretChars.IsAlnum(text[start - 1]) || text[start - 1] is (byte)'+' or (byte)'-' or (byte)'.'))
        {
            start--;
        }

        return start < separator && SecretChars.IsLetter(text[start]);
    }

    private static void FindAdoPasswords(ReadOnlySpan<byte> text, FindingList findings)
    {
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position] == '=' ? 0 : text[position..].IndexOf((byte)'=');
            if (found < 0)
            {
                return;
            }

            int assign = position + found;
            position = assign + 1;
            if (TryAdoPassword(text, assign, out int valueStart, out int valueEnd))
            {
                if (!SecretChars.IsMask(text[valueStart..valueEnd]))
                {
                    findings.Add(valueStart, valueEnd - valueStart, SensitiveDataType.ConnectionString);
                }

                position = Math.Max(position, valueEnd);
            }
        }
    }
}
