namespace AgentAirlock.Sanitization.Detectors;

/// <summary>The detectors of personal data, and the digit scanning they share.</summary>
internal static class PiiDetectors
{
    // Where candidates are dense ("1.1.1.1…"), a vectorized search that finds its match a byte or two away costs more
    // than looking at those bytes; where they are sparse, the vectorized search does the skipping.
    private const int ScalarLookahead = 4;

    public static IDetector[] Create() =>
    [
        new EmailDetector(),
        new PhoneDetector(),
        new SsnDetector(),
        new PaymentCardDetector(),
        new IpAddressDetector(),
        new IbanDetector(),
    ];

    /// <summary>Returns the index of the first ASCII digit at or after <paramref name="from"/>, or -1.</summary>
    public static int IndexOfDigit(ReadOnlySpan<byte> text, int from)
    {
        int scalarEnd = Math.Min(text.Length, from + ScalarLookahead);
        for (int i = from; i < scalarEnd; i++)
        {
            if (char.IsAsciiDigit((char)text[i]))
            {
                return i;
            }
        }

        if (scalarEnd >= text.Length)
        {
            return -1;
        }

        int found = text[scalarEnd..].IndexOfAnyInRange((byte)'0', (byte)'9');
        return found < 0 ? -1 : scalarEnd + found;
    }

    /// <summary>Returns the end of the run of ASCII digits that starts at <paramref name="from"/> (runs in text are short).</summary>
    public static int DigitRunEnd(ReadOnlySpan<byte> text, int from)
    {
        int end = from;
        while (end < text.Length && char.IsAsciiDigit((char)text[end]))
        {
            end++;
        }

        return end;
    }
}
