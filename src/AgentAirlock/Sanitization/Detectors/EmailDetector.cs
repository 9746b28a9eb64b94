using System.Buffers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// Finds e-mail addresses: a local part of the usual characters, '@', and a domain of at least two labels ending in an
/// alphabetic top-level domain. The scan jumps from '@' to '@' and expands around each one.
/// </summary>
internal sealed class EmailDetector : IDetector
{
    // RFC 5321 limits; also bound the work spent around one '@'.
    private const int MaxLocalLength = 64;
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;

    private static readonly SearchValues<byte> LocalChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-"u8);

    private static readonly SensitiveDataType[] ReportedTypes = [SensitiveDataType.Email];

    public IReadOnlyList<SensitiveDataType> Types => ReportedTypes;

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int position = 0;
        while (position < text.Length)
        {
            // A run of '@' would otherwise cost one vectorized search per byte.
            int found = text[position] == '@' ? 0 : text[position..].IndexOf((byte)'@');
            if (found < 0)
            {
                return;
            }

            int at = position + found;
            int localStart = FindLocalStart(text, at);
            if (localStart < 0)
            {
                position = at + 1;
                continue;
            }

            int domainEnd = FindDomainEnd(text, at + 1, out int scanned);
            if (domainEnd > 0)
            {
                findings.Add(localStart, domainEnd - localStart, SensitiveDataType.Email);
            }

            // Domain characters never include '@', so the bytes scanned to the right hold no other candidate: skipping
            // them keeps inputs like "a@a@a@…" linear.
            position = Math.Max(at + 1, scanned);
        }
    }

    /// <summary>Returns where the local part before '@' starts, or -1 when there is no acceptable one.</summary>
    private static int FindLocalStart(ReadOnlySpan<byte> text, int at)
    {
        if (at == 0 || !LocalChars.Contains(text[at - 1]) || text[at - 1] == '.')
        {
            return -1;
        }

        int limit = Math.Max(0, at - MaxLocalLength);
        int start = at;
        while (start > limit && LocalChars.Contains(text[start - 1]))
        {
            start--;
        }

        if (start > 0 && LocalChars.Contains(text[start - 1]))
        {
            // Longer than any real local part: a run of symbols or an encoded blob, not an address.
            return -1;
        }

        ReadOnlySpan<byte> local = text[start..at];

        // Prose such as "see below..jane@example.com" or "…jane@example.com": the address starts after the dots.
        int doubleDot = local.LastIndexOf(".."u8);
        if (doubleDot >= 0)
        {
            start += doubleDot + 2;
        }

        while (start < at && text[start] == '.')
        {
            start++;
        }

        return start;
    }

    /// <summary>
    /// Returns the end of the domain after '@' (exclusive), or -1; <paramref name="scanned"/> is how far the scan read,
    /// so that the caller does not read those bytes again.
    /// </summary>
    private static int FindDomainEnd(ReadOnlySpan<byte> text, int start, out int scanned)
    {
        int position = start;
        int labels = 0;
        int lastGoodEnd = -1;
        bool valid = true;
        while (true)
        {
            int labelStart = position;
            bool alphabetic = true;
            while (position < text.Length && IsLabelChar(text[position]))
            {
                alphabetic &= char.IsAsciiLetter((char)text[position]);
                position++;
            }

            int labelLength = position - labelStart;
            if (labelLength == 0 || labelLength > MaxLabelLength || text[labelStart] == '-' || text[position - 1] == '-'
                || position - start > MaxDomainLength)
            {
                // A malformed label makes the whole domain suspect; keep reading its run so it is skipped once.
                valid = false;
            }

            labels++;
            if (valid && labels >= 2 && alphabetic && labelLength >= 2)
            {
                lastGoodEnd = position;
            }

            if (position + 1 < text.Length && text[position] == '.' && IsLabelChar(text[position + 1]))
            {
                position++;
                continue;
            }

            break;
        }

        scanned = position;

        // A trailing label that is not a top-level domain ("a@example.com.123") leaves the address that ends before it;
        // the label after the '.' then starts a new token, so no word boundary is broken.
        return lastGoodEnd;
    }

    private static bool IsLabelChar(byte value) => char.IsAsciiLetterOrDigit((char)value) || value == '-';
}
