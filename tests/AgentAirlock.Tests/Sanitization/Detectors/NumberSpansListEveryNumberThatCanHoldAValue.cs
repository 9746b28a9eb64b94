using System.Diagnostics;
using System.Text;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class NumberSpansListEveryNumberThatCanHoldAValue
{
    private const string NumberBytes = "0123456789 .-()+";

    [Fact]
    public void A_number_runs_from_its_first_digit_over_the_bytes_numbers_are_written_with()
    {
        Assert.Equal([("650) 253-0000 ", 10)], Numbers("call (650) 253-0000 now"));
        Assert.Equal([("1+1.2.3.4", 5)], Numbers("ip 1+1.2.3.4,"));
        Assert.Equal([("4111-1111 1111.1111", 16)], Numbers("card:4111-1111 1111.1111/"));
    }

    [Fact]
    public void Numbers_too_short_for_any_value_are_left_out()
    {
        Assert.Empty(Numbers("Revenue grew by 12.5% on March 14, with 2,400 orders and 3 hours (or 45 minutes) at 9:30."));
        Assert.Equal([("2019.", 4)], Numbers("the rules from 2019."));
    }

    [Fact]
    public void A_short_number_after_a_capital_letter_is_kept_as_the_check_digits_of_an_iban()
    {
        Assert.Equal([("91", 2), ("0417164300", 10)], Numbers("NL91ABNA0417164300"));
        Assert.Equal([("3 ", 1)], Numbers("Q3 results"));
        Assert.Empty(Numbers("q3 results"));
    }

    [Fact]
    public void Find_agrees_with_a_byte_by_byte_reading_of_random_text()
    {
        const string Alphabet = "0123456789 .-()+,:/aAZ";
        var random = new Random(7);
        for (int n = 0; n < 2000; n++)
        {
            byte[] text = new byte[random.Next(3000)];
            for (int i = 0; i < text.Length; i++)
            {
                text[i] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            using NumberSpans numbers = NumberSpans.Find(text);

            Assert.Equal(Reference(text), numbers.Items.ToArray());
        }
    }

    [Fact]
    public void A_mebibyte_of_short_numbers_after_capital_letters_is_listed_quickly()
    {
        byte[] text = DetectorHarness.Repeat("1A");
        var watch = Stopwatch.StartNew();

        using NumberSpans numbers = NumberSpans.Find(text);

        Assert.Equal(text.Length / 2 - 1, numbers.Items.Length);
        Assert.True(watch.Elapsed < DetectorHarness.AdversarialBound, $"{watch.Elapsed.TotalMilliseconds} ms");
    }

    private static (string Text, int Digits)[] Numbers(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        using NumberSpans numbers = NumberSpans.Find(bytes);
        return numbers.Items.ToArray().Select(n => (Encoding.UTF8.GetString(bytes, n.Start, n.End - n.Start), n.Digits)).ToArray();
    }

    /// <summary>The definition, one byte at a time: a number starts at a digit outside the previous number.</summary>
    private static NumberSpan[] Reference(byte[] text)
    {
        var numbers = new List<NumberSpan>();
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit((char)text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            int digits = 0;
            while (i < text.Length && NumberBytes.Contains((char)text[i], StringComparison.Ordinal))
            {
                digits += char.IsAsciiDigit((char)text[i]) ? 1 : 0;
                i++;
            }

            if (digits >= NumberSpans.MinKeptDigits || (start > 0 && char.IsAsciiLetterUpper((char)text[start - 1])))
            {
                numbers.Add(new NumberSpan(start, i, digits));
            }
        }

        return [.. numbers];
    }
}
