namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// Finds payment card numbers: 13–19 digits, contiguous or in groups split by single spaces or single dashes (one kind
/// per number), that pass the Luhn check and fall in a range an issuer uses with that length.
/// </summary>
internal sealed class PaymentCardDetector : INumberDetector
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    // Printed groupings are 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3; anything else is more likely a list of numbers.
    private const int MinFirstGroup = 4;
    private const int MaxFirstGroup = 6;
    private const int MinGroup = 3;
    private const int MaxGroup = 8;
    private const int MaxGroups = 6;

    private static readonly SensitiveDataType[] ReportedTypes = [SensitiveDataType.PaymentCard];

    public IReadOnlyList<SensitiveDataType> Types => ReportedTypes;

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        using NumberSpans numbers = NumberSpans.Find(text);
        Detect(text, numbers.Items, findings);
    }

    public void Detect(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Span<byte> digits = stackalloc byte[MaxDigits];
        int position = 0;
        foreach (NumberSpan number in numbers)
        {
            // Digits, spaces and dashes are a number's bytes: a card lies inside one number of 13 digits or more.
            if (number.Digits < MinDigits)
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
                int end = Match(text, start, runEnd, digits);
                if (end > 0)
                {
                    findings.Add(start, end - start, SensitiveDataType.PaymentCard);
                    position = end;
                }
                else
                {
                    // A grouped number's later groups are tried as starts of their own; each is read by at most a few
                    // windows of at most 19 digits, so the work stays linear.
                    position = runEnd;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="digits"/> (ASCII digits) pass the Luhn check.</summary>
    public static bool PassesLuhn(ReadOnlySpan<byte> digits)
    {
        int sum = 0;
        bool doubled = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int value = digits[i] - '0';
            if (doubled)
            {
                value *= 2;
                if (value > 9)
                {
                    value -= 9;
                }
            }

            sum += value;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>Whether a number of this length and prefix belongs to a real issuer range.</summary>
    public static bool IsIssuerRange(ReadOnlySpan<byte> digits)
    {
        int length = digits.Length;
        int two = ((digits[0] - '0') * 10) + (digits[1] - '0');
        int three = (two * 10) + (digits[2] - '0');
        int four = (three * 10) + (digits[3] - '0');
        bool long16To19 = length is >= 16 and <= 19;
        return digits[0] switch
        {
            (byte)'4' => length is 13 or 16 or 19, // Visa
            (byte)'5' => two is >= 51 and <= 55 && length == 16, // Mastercard
            (byte)'2' => four is >= 2221 and <= 2720 && length == 16, // Mastercard 2-series
            // Discover (6011, 644–649, 65, and 622126–622925, which lies inside UnionPay's 62 with the same lengths).
            (byte)'6' => (four == 6011 || three is >= 644 and <= 649 || two is 65 or 62) && long16To19,
            (byte)'3' => ((two is 34 or 37) && length == 15) // American Express
                || (four is >= 3528 and <= 3589 && long16To19) // JCB
                || ((three is >= 300 and <= 305 || two is 36 or 38 or 39) && length is >= 14 and <= 19), // Diners Club
            _ => false,
        };
    }

    /// <summary>Returns the end of the card number that starts at <paramref name="start"/>, or 0.</summary>
    private static int Match(ReadOnlySpan<byte> text, int start, int runEnd, Span<byte> digits)
    {
        int first = runEnd - start;
        if (first < MinFirstGroup || IsGluedBefore(text, start))
        {
            return 0;
        }

        if (first >= MinDigits)
        {
            return first <= MaxDigits && !IsGluedAfter(text, runEnd, 0) && IsCard(text[start..runEnd]) ? runEnd : 0;
        }

        if (first > MaxFirstGroup || runEnd + 1 >= text.Length || !char.IsAsciiDigit((char)text[runEnd + 1]))
        {
            return 0;
        }

        byte separator = text[runEnd];
        if (separator != ' ' && separator != '-')
        {
            return 0;
        }

        // Read the groups that fit in 19 digits; the last ending that is a card wins, so "4111 1111 1111 1111 123" is
        // the card and then a security code.
        text.Slice(start, first).CopyTo(digits);
        int total = first;
        int position = runEnd;
        int groups = 1;
        int best = 0;
        while (groups < MaxGroups && position + 1 < text.Length && text[position] == separator && char.IsAsciiDigit((char)text[position + 1]))
        {
            int groupEnd = PiiDetectors.DigitRunEnd(text, position + 1);
            int length = groupEnd - position - 1;
            if (length < MinGroup || length > MaxGroup || total + length > MaxDigits)
            {
                break;
            }

            text.Slice(position + 1, length).CopyTo(digits[total..]);
            total += length;
            groups++;
            position = groupEnd;
            if (total >= MinDigits && !IsGluedAfter(text, position, separator) && IsCard(digits[..total]))
            {
                best = position;
            }
        }

        return best;
    }

    private static bool IsCard(ReadOnlySpan<byte> digits) => IsIssuerRange(digits) && PassesLuhn(digits);

    /// <summary>Part of a longer token or number: "A4111…", "1-4111…", "9.4111…".</summary>
    private static bool IsGluedBefore(ReadOnlySpan<byte> text, int start)
    {
        if (start == 0)
        {
            return false;
        }

        byte before = text[start - 1];
        return char.IsAsciiLetterOrDigit((char)before)
            || ((before == '-' || before == '.') && start >= 2 && char.IsAsciiDigit((char)text[start - 2]));
    }

    /// <summary>
    /// Part of a longer token or number: a letter or digit right after, a decimal point and digits, or more dash-joined
    /// digits. Spaced groups may be followed by another number (an expiry date, a security code).
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

        bool joins = after == '.' || (after == '-' && separator != ' ');
        return joins && end + 1 < text.Length && char.IsAsciiDigit((char)text[end + 1]);
    }
}
