using System.Buffers;
using System.Globalization;
using System.Text;

namespace AgentAirlock.Sanitization;

/// <summary>
/// Cuts a UTF-8 text to a number of characters (UTF-16 code units, as a .NET string counts them, so the limit means
/// what <see cref="SanitizerOptions.MaxOutputChars"/> says) and appends a notice of how much was shown.
/// </summary>
internal static class OutputTruncator
{
    private const string NoticeStart = "\n\n[OUTPUT TRUNCATED: showing ";
    private const string NoticeMiddle = " of ";
    private const string NoticeEnd = " characters]";
    private static readonly int NoticeFixedChars = NoticeStart.Length + NoticeMiddle.Length + NoticeEnd.Length;

    /// <summary>A '\n' within the last 1/5 (20 %) of the kept text is close enough to cut there instead.</summary>
    private const int LineBoundaryShare = 5;

    /// <summary>
    /// Written when the limit is too small for the full notice: it carries no numbers, because a notice cut short could
    /// show a wrong one ("of 1,2" for 1,234,567).
    /// </summary>
    private static ReadOnlySpan<byte> ShortNotice => "[OUTPUT TRUNCATED]"u8;

    /// <summary>
    /// Writes the cut text and the notice to <paramref name="output"/> and returns <see langword="true"/> when
    /// <paramref name="utf8"/> is longer than <paramref name="maxChars"/>; otherwise writes nothing and returns
    /// <see langword="false"/>. The result never exceeds <paramref name="maxChars"/> characters: when even the notice
    /// does not fit, no text is kept and the short notice <c>[OUTPUT TRUNCATED]</c> is written, itself cut to the limit.
    /// </summary>
    /// <param name="utf8">The text.</param>
    /// <param name="maxChars">The most characters of the result; 0 or less means unlimited.</param>
    /// <param name="output">Receives the result.</param>
    /// <param name="shownChars">The characters of the text that were kept (all of them when nothing is cut).</param>
    /// <param name="totalChars">The characters of the text.</param>
    public static bool Truncate(ReadOnlySpan<byte> utf8, int maxChars, IBufferWriter<byte> output, out int shownChars, out int totalChars)
    {
        ArgumentNullException.ThrowIfNull(output);
        totalChars = Encoding.UTF8.GetCharCount(utf8);
        shownChars = totalChars;
        if (maxChars <= 0 || totalChars <= maxChars)
        {
            return false;
        }

        int budget = TextBudget(maxChars, totalChars);
        if (budget < 0)
        {
            shownChars = 0;
            output.Write(ShortNotice[..Math.Min(ShortNotice.Length, maxChars)]);
            return true;
        }

        int cut = CutPoint(utf8, budget, out shownChars);
        output.Write(utf8[..cut]);
        WriteNotice(shownChars, totalChars, output);
        return true;
    }

    /// <summary>
    /// The most characters of text that fit beside the notice, or -1 when the notice alone does not fit. The notice
    /// grows with the number it shows, so this is the largest <c>b</c> with <c>b + notice(b) &lt;= maxChars</c>; since
    /// the kept text is at most <c>b</c>, its own notice is no longer.
    /// </summary>
    private static int TextBudget(int maxChars, int totalChars)
    {
        // Starting from the notice of the largest possible number, the loop runs only over the few characters of
        // thousands separators and digits that a smaller number saves.
        int budget = Math.Max(0, maxChars - NoticeLength(totalChars, totalChars));
        if (budget + NoticeLength(budget, totalChars) > maxChars)
        {
            return -1;
        }

        while (budget + 1 + NoticeLength(budget + 1, totalChars) <= maxChars)
        {
            budget++;
        }

        return budget;
    }

    /// <summary>
    /// The byte length of the kept text: as many whole characters as <paramref name="budget"/> allows (a UTF-8 sequence
    /// or a surrogate pair is kept whole or not at all), then back to just after the last '\n' when it is close.
    /// </summary>
    private static int CutPoint(ReadOnlySpan<byte> utf8, int budget, out int shownChars)
    {
        int position = 0;
        int chars = 0;
        while (position < utf8.Length && chars < budget)
        {
            // ASCII runs are one byte per character and are skipped vectorized; only other characters are decoded.
            ReadOnlySpan<byte> window = utf8.Slice(position, Math.Min(utf8.Length - position, budget - chars));
            int ascii = window.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0)
            {
                ascii = window.Length;
            }

            position += ascii;
            chars += ascii;
            if (position == utf8.Length || chars == budget)
            {
                break;
            }

            // An invalid sequence decodes as one U+FFFD, as Encoding.UTF8 counts it.
            _ = Rune.DecodeFromUtf8(utf8[position..], out Rune rune, out int consumed);
            if (chars + rune.Utf16SequenceLength > budget)
            {
                break;
            }

            position += consumed;
            chars += rune.Utf16SequenceLength;
        }

        int newline = utf8[..position].LastIndexOf((byte)'\n');
        if (newline >= 0)
        {
            int after = Encoding.UTF8.GetCharCount(utf8[(newline + 1)..position]);
            if (after * LineBoundaryShare <= chars)
            {
                position = newline + 1;
                chars -= after;
            }
        }

        shownChars = chars;
        return position;
    }

    private static void WriteNotice(int shownChars, int totalChars, IBufferWriter<byte> output)
    {
        // Written piece by piece: an interpolated Utf8.TryWrite with a format provider allocates on every call.
        int length = NoticeLength(shownChars, totalChars);
        Span<byte> destination = output.GetSpan(length);
        int position = Append(destination, 0, NoticeStart);
        position += Format(destination[position..], shownChars);
        position = Append(destination, position, NoticeMiddle);
        position += Format(destination[position..], totalChars);
        position = Append(destination, position, NoticeEnd);
        if (position != length)
        {
            throw new InvalidOperationException("The truncation notice did not have its computed length.");
        }

        output.Advance(length);
    }

    /// <summary>Copies an ASCII constant.</summary>
    private static int Append(Span<byte> destination, int position, string ascii)
    {
        for (int i = 0; i < ascii.Length; i++)
        {
            destination[position + i] = (byte)ascii[i];
        }

        return position + ascii.Length;
    }

    private static int Format(Span<byte> destination, int value) =>
        value.TryFormat(destination, out int written, "N0", CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("The truncation notice did not fit its computed length.");

    private static int NoticeLength(int shownChars, int totalChars) =>
        NoticeFixedChars + FormattedLength(shownChars) + FormattedLength(totalChars);

    /// <summary>The length of <c>n.ToString("N0", InvariantCulture)</c> for n ≥ 0: digits and a comma per full group of three.</summary>
    private static int FormattedLength(int n)
    {
        int digits = 1;
        while (n >= 10)
        {
            n /= 10;
            digits++;
        }

        return digits + ((digits - 1) / 3);
    }
}
