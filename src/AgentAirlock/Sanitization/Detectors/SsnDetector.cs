namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// Finds United States social security numbers: <c>123-45-6789</c> and <c>123 45 6789</c> anywhere, nine bare digits only
/// right after the words SSN or social security (otherwise nine-digit runs are mostly other identifiers), or under a field
/// so named in structured data. Numbers the SSA never issues (area 000, 666 or 900–999, group 00, serial 0000) are not
/// reported.
/// </summary>
internal sealed class SsnDetector : INumberDetector
{
    // How far before bare digits the keyword may end ("SSN: ", "Social Security Number (SSN) = ").
    private const int KeywordWindow = 20;

    // "social security", the longest keyword.
    private const int LongestKeyword = 15;

    private const int Digits = 9;

    private static readonly SensitiveDataType[] ReportedTypes = [SensitiveDataType.Ssn];

    public IReadOnlyList<SensitiveDataType> Types => ReportedTypes;

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        using NumberSpans numbers = NumberSpans.Find(text);
        Detect(text, numbers.Items, findings);
    }

    public void Detect(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int position = 0;
        foreach (NumberSpan number in numbers)
        {
            // Both forms are written with a number's bytes and hold nine digits.
            if (number.Digits < Digits)
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

                int runEnd = PiiDetectors.DigitRunEnd(text, start);
                int length = Match(text, start, runEnd);
                if (length > 0)
                {
                    findings.Add(start, length, SensitiveDataType.Ssn);
                    position = start + length;
                }
                else
                {
                    // Nothing can start inside a run of digits (it would be glued to the digits before it).
                    position = runEnd;
                }
            }
        }
    }

    /// <summary>
    /// Whether a whole string of structured data is nine bare digits that are an SSN by the name of the field that holds
    /// it (<c>{"ssn": "123456789"}</c>, <c>{"customer_ssn": …}</c>): scanned alone, the digits have no keyword before
    /// them, which the same pair written as text (<c>"ssn":"123456789"</c>) has. The pair is judged as that text.
    /// </summary>
    public static bool IsSsnField(ReadOnlySpan<byte> fieldName, ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> separator = "\":\""u8;
        if (value.Length != Digits || fieldName.IsEmpty || !IsDigits(value))
        {
            return false;
        }

        // Only the end of a name can hold a keyword the window reaches, so the pair fits on the stack.
        const int NameWindow = KeywordWindow + LongestKeyword;
        Span<byte> pair = stackalloc byte[NameWindow + separator.Length + Digits];
        int start = FieldPair.Write(fieldName, NameWindow, separator, value, pair);
        return Match(pair[..(start + Digits)], start, start + Digits) == Digits;
    }

    /// <summary>Returns the length of the SSN that starts at <paramref name="start"/>, or 0.</summary>
    private static int Match(ReadOnlySpan<byte> text, int start, int runEnd)
    {
        int firstRun = runEnd - start;
        if (firstRun != 3 && firstRun != 9)
        {
            return 0;
        }

        if (firstRun == 9)
        {
            return !IsGluedBefore(text, start, 0) && !IsGluedAfter(text, runEnd, 0) && IsPossible(text.Slice(start, 3), text.Slice(start + 3, 2), text.Slice(start + 5, 4))
                && FollowsKeyword(text, start)
                ? 9
                : 0;
        }

        if (start + 11 > text.Length)
        {
            return 0;
        }

        byte separator = text[start + 3];
        if ((separator != '-' && separator != ' ')
            || !IsDigits(text.Slice(start + 4, 2))
            || text[start + 6] != separator
            || !IsDigits(text.Slice(start + 7, 4))
            || IsGluedBefore(text, start, separator)
            || IsGluedAfter(text, start + 11, separator))
        {
            return 0;
        }

        return IsPossible(text.Slice(start, 3), text.Slice(start + 4, 2), text.Slice(start + 7, 4)) ? 11 : 0;
    }

    private static bool IsPossible(ReadOnlySpan<byte> area, ReadOnlySpan<byte> group, ReadOnlySpan<byte> serial)
    {
        int areaNumber = ((area[0] - '0') * 100) + ((area[1] - '0') * 10) + (area[2] - '0');
        return areaNumber != 0 && areaNumber != 666 && areaNumber < 900
            && !group.SequenceEqual("00"u8)
            && !serial.SequenceEqual("0000"u8);
    }

    /// <summary>Part of a longer token or number: "A123-45-6789", "1-123-45-6789", "9.123456789", "1 123 45 6789".</summary>
    private static bool IsGluedBefore(ReadOnlySpan<byte> text, int start, byte separator)
    {
        if (start == 0)
        {
            return false;
        }

        byte before = text[start - 1];
        return char.IsAsciiLetterOrDigit((char)before)
            || ((before == '-' || before == '.' || (separator == ' ' && before == ' ')) && start >= 2 && char.IsAsciiDigit((char)text[start - 2]));
    }

    /// <summary>
    /// Part of a longer token or number: a letter or digit right after, or a separator then a digit ("123-45-6789-0",
    /// "123 45 6789 1" in the spaced form, a decimal point).
    /// </summary>
    private static bool IsGluedAfter(ReadOnlySpan<byte> text, int end, byte separator)
    {
        if (end >= text.Length)
        {
            return false;
        }

        byte after = text[end];
        if (char.IsAsciiLetterOrDigit((char)after))
        {
            return true;
        }

        bool joins = after == '-' || after == '.' || (separator == ' ' && after == ' ');
        return joins && end + 1 < text.Length && char.IsAsciiDigit((char)text[end + 1]);
    }

    /// <summary>
    /// Whether "ssn" or "social security" (any case, '-' or '_' for the space, or none in camel case:
    /// <c>socialSecurityNumber</c>, <c>customerSsn</c>) ends at most 20 bytes before.
    /// </summary>
    private static bool FollowsKeyword(ReadOnlySpan<byte> text, int start)
    {
        int from = Math.Max(0, start - KeywordWindow - LongestKeyword);
        ReadOnlySpan<byte> window = text[from..start];
        Span<byte> lowered = stackalloc byte[KeywordWindow + LongestKeyword];
        for (int i = 0; i < window.Length; i++)
        {
            byte value = window[i];
            lowered[i] = value switch
            {
                (byte)'-' or (byte)'_' => (byte)' ',
                >= (byte)'A' and <= (byte)'Z' => (byte)(value | 0x20),
                _ => value,
            };
        }

        ReadOnlySpan<byte> haystack = lowered[..window.Length];
        return EndsWithin(window, haystack, "ssn"u8) || EndsWithin(window, haystack, "social security"u8)
            || EndsWithin(window, haystack, "socialsecurity"u8);
    }

    private static bool EndsWithin(ReadOnlySpan<byte> original, ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> keyword)
    {
        // A keyword inside a longer word ("classname") does not count; one that starts a word of camel case
        // ("customerSsn", "socialSecurityNumber") does.
        int found = haystack.LastIndexOf(keyword);
        return found >= 0
            && haystack.Length - (found + keyword.Length) <= KeywordWindow
            && (found == 0 || !char.IsAsciiLetter((char)haystack[found - 1])
                || (char.IsAsciiLetterUpper((char)original[found]) && char.IsAsciiLetterLower((char)original[found - 1])));
    }

    private static bool IsDigits(ReadOnlySpan<byte> value) => !value.ContainsAnyExceptInRange((byte)'0', (byte)'9');
}
