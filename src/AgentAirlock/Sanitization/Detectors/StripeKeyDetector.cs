namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// Stripe secret and restricted keys (<c>sk_live_</c>, <c>sk_test_</c>, <c>rk_live_</c>, <c>rk_test_</c>). Publishable
/// keys (<c>pk_</c>) are public by design and are not reported.
/// </summary>
internal sealed class StripeKeyDetector : IDetector
{
    private const int PrefixLength = 8;
    private const int MinBody = 16;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.StripeKey];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);

        // "k_" is shared by the four prefixes and rare in prose, so one pass finds them all.
        int position = 1;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf("k_"u8);
            if (found < 0)
            {
                return;
            }

            int start = position + found - 1;
            position = start + 3;
            if (text[start] is not ((byte)'s' or (byte)'r')
                || !SecretChars.StartsToken(text, start, SecretChars.Alnum)
                || !(text[(start + 3)..].StartsWith("live_"u8) || text[(start + 3)..].StartsWith("test_"u8))
                || start + PrefixLength >= text.Length)
            {
                continue;
            }

            int end = SecretChars.RunEnd(text, start + PrefixLength, SecretChars.Alnum);
            if (end - start - PrefixLength >= MinBody && SecretChars.EndsToken(text, end, SecretChars.Word))
            {
                findings.Add(start, end - start, SensitiveDataType.StripeKey);
            }

            position = Math.Max(position, end);
        }
    }
}
