namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// Finds international bank account numbers: a country code with its fixed IBAN length, two check digits and the
/// account part, contiguous or printed in groups of four, that pass the ISO 7064 mod-97 check.
/// </summary>
internal sealed class IbanDetector : INumberDetector
{
    private const int MinLength = 15;
    private const int MaxLength = 34;

    private static readonly SensitiveDataType[] ReportedTypes = [SensitiveDataType.Iban];

    // IBAN length per country code, from the SWIFT IBAN registry; 0 where the country has no IBAN.
    private static readonly byte[] Lengths = BuildLengths();

    public IReadOnlyList<SensitiveDataType> Types => ReportedTypes;

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        using NumberSpans numbers = NumberSpans.Find(text);
        Detect(text, numbers.Items, findings);
    }

    public void Detect(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Span<byte> iban = stackalloc byte[MaxLength];

        // The check digits are the trigger: they follow the country's capital letters, which no number contains, so they
        // are the first digits of a number.
        int position = 0;
        foreach (NumberSpan number in numbers)
        {
            int digit = number.Start;
            if (digit < position || digit < 2 || !char.IsAsciiLetterUpper((char)text[digit - 1]))
            {
                continue;
            }

            int end = Match(text, digit - 2, iban);
            if (end > 0)
            {
                findings.Add(digit - 2, end - digit + 2, SensitiveDataType.Iban);
                position = end;
            }
        }
    }

    /// <summary>Returns the end of the IBAN that starts at <paramref name="start"/>, or 0.</summary>
    private static int Match(ReadOnlySpan<byte> text, int start, Span<byte> iban)
    {
        if (start < 0 || start + MinLength > text.Length
            || !char.IsAsciiLetterUpper((char)text[start]) || !char.IsAsciiLetterUpper((char)text[start + 1])
            || !char.IsAsciiDigit((char)text[start + 3])
            || (start > 0 && char.IsAsciiLetterOrDigit((char)text[start - 1])))
        {
            return 0;
        }

        int length = Lengths[((text[start] - 'A') * 26) + (text[start + 1] - 'A')];
        if (length == 0)
        {
            return 0;
        }

        // Contiguous, or in groups of four split by single spaces ("DE89 3704 0044 0532 0130 00"); the account part is
        // upper-case letters and digits.
        bool grouped = start + 4 < text.Length && text[start + 4] == ' ';
        int position = start;
        int count = 0;
        while (count < length)
        {
            if (grouped && count > 0 && count % 4 == 0)
            {
                if (position >= text.Length || text[position] != ' ')
                {
                    return 0;
                }

                position++;
            }

            if (position >= text.Length)
            {
                return 0;
            }

            byte value = text[position];
            if (!char.IsAsciiDigit((char)value) && !char.IsAsciiLetterUpper((char)value))
            {
                return 0;
            }

            iban[count++] = value;
            position++;
        }

        if (position < text.Length && char.IsAsciiLetterOrDigit((char)text[position]))
        {
            return 0;
        }

        return PassesMod97(iban[..length]) ? position : 0;
    }

    /// <summary>ISO 7064 mod 97-10: the first four characters move to the end, letters count as 10–35, the rest is 1.</summary>
    private static bool PassesMod97(ReadOnlySpan<byte> iban)
    {
        int remainder = 0;
        for (int i = 0; i < iban.Length; i++)
        {
            byte value = iban[(i + 4) % iban.Length];
            remainder = char.IsAsciiDigit((char)value)
                ? ((remainder * 10) + (value - '0')) % 97
                : ((remainder * 100) + (value - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }

    private static byte[] BuildLengths()
    {
        const string Registry =
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 " +
            "ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 " +
            "LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 " +
            "PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 " +
            "YE30";
        var lengths = new byte[26 * 26];
        foreach (string entry in Registry.Split(' '))
        {
            lengths[((entry[0] - 'A') * 26) + (entry[1] - 'A')] = byte.Parse(entry.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
        }

        return lengths;
    }
}
