namespace AgentAirlock.Sanitization.Detectors;

/// <summary>The detectors of personal data, and the digit scanning they share.</summary>
internal static class PiiDetectors
{
    public static IDetector[] Create() =>
    [
        new EmailDetector(),
        new PhoneDetector(),
        new SsnDetector(),
        new PaymentCardDetector(),
        new IpAddressDetector(),
        new IbanDetector(),
    ];

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
