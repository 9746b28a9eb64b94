using System.Buffers;
using System.Net;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// Finds IPv4 addresses (a strict dotted quad, not part of a longer dotted number such as a version) and IPv6 addresses
/// (hex groups and colons, checked by the framework's parser after a shape check that keeps times and C++ scopes out).
/// </summary>
internal sealed class IpAddressDetector : INumberDetector
{
    // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is the longest textual form.
    private const int MaxIpv6Length = 45;

    private const int Ipv4Digits = 4;

    private static readonly SearchValues<byte> Ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:."u8);
    private static readonly SearchValues<byte> DottedChars = SearchValues.Create("0123456789."u8);

    private static readonly SensitiveDataType[] ReportedTypes = [SensitiveDataType.IpAddress];

    public IReadOnlyList<SensitiveDataType> Types => ReportedTypes;

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        using NumberSpans numbers = NumberSpans.Find(text);
        Detect(text, numbers.Items, findings);
    }

    public void Detect(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        DetectIpv4(text, numbers, findings);
        DetectIpv6(text, findings);
    }

    private static void DetectIpv4(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings)
    {
        int position = 0;
        foreach (NumberSpan number in numbers)
        {
            // Digits and dots are a number's bytes: a dotted quad lies inside one number of four digits or more.
            if (number.Digits < Ipv4Digits)
            {
                continue;
            }

            position = Math.Max(position, number.Start);
            while (position < number.End)
            {
                int start = NumberSpans.IndexOfDigit(text, position, number.End);
                if (start < 0)
                {
                    break;
                }

                // The whole run of digits and dots is judged at once and then skipped, so "1.1.1.1.1…" is read once.
                int runEnd = start;
                while (runEnd < text.Length && DottedChars.Contains(text[runEnd]))
                {
                    runEnd++;
                }

                int end = MatchIpv4(text, start, runEnd);
                if (end > 0)
                {
                    findings.Add(start, end - start, SensitiveDataType.IpAddress);
                }

                position = runEnd;
            }
        }
    }

    /// <summary>Returns the end of the dotted quad that is the run <paramref name="start"/>..<paramref name="runEnd"/>, or 0.</summary>
    private static int MatchIpv4(ReadOnlySpan<byte> text, int start, int runEnd)
    {
        if (start > 0 && (char.IsAsciiLetterOrDigit((char)text[start - 1]) || text[start - 1] == '.'))
        {
            // "v1.2.3.4", "x1.2.3.4", ".1.2.3.4": a version or a piece of a longer dotted number.
            return 0;
        }

        if (runEnd < text.Length && char.IsAsciiLetter((char)text[runEnd]))
        {
            return 0;
        }

        int end = ParseIpv4(text[start..runEnd]);
        if (end <= 0)
        {
            return 0;
        }

        // Only sentence dots may follow ("at 10.0.0.1."); a dot then a digit would have continued the run.
        return text[(start + end)..runEnd].ContainsAnyExcept((byte)'.') ? 0 : start + end;
    }

    /// <summary>
    /// Returns the length of the strict dotted quad at the start of <paramref name="value"/> (octets 0–255 without leading
    /// zeros), or 0.
    /// </summary>
    private static int ParseIpv4(ReadOnlySpan<byte> value)
    {
        int position = 0;
        for (int octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (position >= value.Length || value[position] != '.')
                {
                    return 0;
                }

                position++;
            }

            int digitsStart = position;
            int number = 0;
            while (position < value.Length && char.IsAsciiDigit((char)value[position]) && position - digitsStart < 4)
            {
                number = (number * 10) + (value[position] - '0');
                position++;
            }

            int length = position - digitsStart;
            if (length == 0 || length > 3 || number > 255 || (length > 1 && value[digitsStart] == '0'))
            {
                return 0;
            }
        }

        return position;
    }

    private static void DetectIpv6(ReadOnlySpan<byte> text, FindingList findings)
    {
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf((byte)':');
            if (found < 0)
            {
                return;
            }

            int colon = position + found;

            // The previous token ended on a byte outside the set, so this backward scan never re-reads bytes.
            int start = colon;
            while (start > position && IsHexDigit(text[start - 1]))
            {
                start--;
            }

            int end = colon + 1;
            while (end < text.Length && Ipv6Chars.Contains(text[end]))
            {
                end++;
            }

            (int matchStart, int matchEnd) = MatchIpv6(text, start, end);
            if (matchEnd > matchStart)
            {
                findings.Add(matchStart, matchEnd - matchStart, SensitiveDataType.IpAddress);
            }

            position = end;
        }
    }

    /// <summary>Finds the address in the token <paramref name="start"/>..<paramref name="end"/> of hex digits, colons and dots.</summary>
    private static (int Start, int End) MatchIpv6(ReadOnlySpan<byte> text, int start, int end)
    {
        // Sentence punctuation after the address: "at ::1." or "fe80::1: unreachable".
        while (end > start && text[end - 1] == '.')
        {
            end--;
        }

        if (end - start >= 2 && text[end - 1] == ':' && text[end - 2] != ':')
        {
            end--;
        }

        // Glued to a word: "std::vector", "0x1f::", "::1x". A zone ("%eth0") is left out of the finding.
        if (end < text.Length && char.IsAsciiLetterOrDigit((char)text[end]))
        {
            return default;
        }

        bool gluedBefore = start > 0 && char.IsAsciiLetterOrDigit((char)text[start - 1]);
        if (!gluedBefore && IsIpv6(text[start..end]))
        {
            return (start, end);
        }

        // A label before the address: "host:2001:db8::1", "addr:fe80::1". Try once after the first single colon.
        int colon = text[start..end].IndexOf((byte)':');
        if (colon < 0 || start + colon + 1 >= end || text[start + colon + 1] == ':')
        {
            return default;
        }

        int retry = start + colon + 1;
        return IsIpv6(text[retry..end]) ? (retry, end) : default;
    }

    /// <summary>
    /// Whether <paramref name="value"/> has the shape of an IPv6 address that is not a time or a scope operator, and the
    /// framework's parser accepts it.
    /// </summary>
    private static bool IsIpv6(ReadOnlySpan<byte> value)
    {
        if (value.Length < 3 || value.Length > MaxIpv6Length)
        {
            return false;
        }

        int colons = 0;
        int groups = 0;
        int groupLength = 0;
        int longestGroup = 0;
        bool hexLetters = false;
        bool decimalDigits = false;
        bool compressed = false;
        int dots = value.IndexOf((byte)'.');
        int lastColon = value.LastIndexOf((byte)':');
        if (dots >= 0)
        {
            // An embedded IPv4 is allowed only as the last part: "::ffff:192.0.2.1".
            if (lastColon < 0 || dots < lastColon || ParseIpv4(value[(lastColon + 1)..]) != value.Length - lastColon - 1)
            {
                return false;
            }

            groups += 2;
            decimalDigits = true;
        }

        int hexEnd = dots >= 0 ? lastColon + 1 : value.Length;
        for (int i = 0; i < hexEnd; i++)
        {
            byte b = value[i];
            if (b == ':')
            {
                if (i + 1 < hexEnd && value[i + 1] == ':')
                {
                    if (compressed)
                    {
                        return false;
                    }

                    compressed = true;
                }
                else if (groupLength == 0 && !(i > 0 && value[i - 1] == ':'))
                {
                    // A lone colon must follow a group.
                    return false;
                }

                colons++;
                groupLength = 0;
                continue;
            }

            if (groupLength == 0)
            {
                groups++;
            }

            groupLength++;
            longestGroup = Math.Max(longestGroup, groupLength);
            if (groupLength > 4)
            {
                return false;
            }

            hexLetters |= !char.IsAsciiDigit((char)b);
            decimalDigits |= char.IsAsciiDigit((char)b);
        }

        // A lone leading or trailing colon ("::" aside) is not an address.
        if ((value[0] == ':' && value[1] != ':') || (dots < 0 && value[^1] == ':' && value[^2] != ':'))
        {
            return false;
        }

        if (colons < 2 || groups == 0 || (compressed ? groups > 7 : groups != 8))
        {
            return false;
        }

        // Times ("12:30:45") have no "::", few colons, no hex letters and short groups; names made only of hex letters
        // ("face::add") are code, so a digit is required.
        if (!decimalDigits || (!compressed && !(colons >= 3 && (hexLetters || longestGroup >= 3))))
        {
            return false;
        }

        return IsValidAddress(value);
    }

    /// <summary>The same parser as <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>, without allocating the address.</summary>
    private static bool IsValidAddress(ReadOnlySpan<byte> value)
    {
        Span<char> chars = stackalloc char[MaxIpv6Length];
        for (int i = 0; i < value.Length; i++)
        {
            chars[i] = (char)value[i];
        }

        return IPAddress.IsValid(chars[..value.Length]);
    }

    private static bool IsHexDigit(byte value) => char.IsAsciiHexDigit((char)value);
}
