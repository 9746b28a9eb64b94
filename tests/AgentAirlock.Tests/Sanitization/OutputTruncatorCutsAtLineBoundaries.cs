using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

public sealed partial class OutputTruncatorCutsAtLineBoundaries
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static (bool Cut, string Result, int Shown, int Total) Truncate(string text, int maxChars) =>
        Truncate(Encoding.UTF8.GetBytes(text), maxChars);

    private static (bool Cut, string Result, int Shown, int Total) Truncate(byte[] utf8, int maxChars)
    {
        var output = new ArrayBufferWriter<byte>();
        bool cut = OutputTruncator.Truncate(utf8, maxChars, output, out int shown, out int total);

        // Strict decoding: a cut inside a UTF-8 sequence fails here.
        return (cut, StrictUtf8.GetString(output.WrittenSpan), shown, total);
    }

    private static string Notice(int shown, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"\n\n[OUTPUT TRUNCATED: showing {shown:N0} of {total:N0} characters]");

    [GeneratedRegex("\\[OUTPUT TRUNCATED: showing ([0-9,]+) of ([0-9,]+) characters\\]$")]
    private static partial Regex NoticePattern();

    [Theory]
    [InlineData("", 10)]
    [InlineData("hello", 5)]
    [InlineData("hello", 6)]
    [InlineData("héllo😀", 7)]
    [InlineData("a long text that is not limited at all", 0)]
    [InlineData("a long text that is not limited at all", -1)]
    public void A_text_that_fits_is_left_alone(string text, int maxChars)
    {
        (bool cut, string result, int shown, int total) = Truncate(text, maxChars);

        Assert.False(cut);
        Assert.Equal("", result);
        Assert.Equal(text.Length, total);
        Assert.Equal(text.Length, shown);
    }

    [Fact]
    public void A_text_without_lines_is_cut_so_that_text_and_notice_fill_the_limit()
    {
        string text = new('a', 200);

        (bool cut, string result, int shown, int total) = Truncate(text, 100);

        // 50 characters and a 50-character notice.
        Assert.True(cut);
        Assert.Equal(50, shown);
        Assert.Equal(200, total);
        Assert.Equal(new string('a', 50) + Notice(50, 200), result);
        Assert.Equal(100, result.Length);
    }

    [Fact]
    public void A_line_break_in_the_last_fifth_of_the_kept_text_is_where_it_is_cut()
    {
        string text = string.Concat(Enumerable.Range(0, 100).Select(i => $"line {i:D4}\n"));

        (bool cut, string result, int shown, int total) = Truncate(text, 500);

        // 447 characters fit beside the notice; the last line break before them ends character 440.
        Assert.True(cut);
        Assert.Equal(440, shown);
        Assert.Equal(1000, total);
        Assert.Equal(text[..440] + Notice(440, 1000), result);
    }

    [Fact]
    public void A_line_break_further_back_is_ignored()
    {
        string text = new string('a', 50) + "\n" + new string('b', 1000);

        (bool cut, string result, int shown, _) = Truncate(text, 500);

        Assert.True(cut);
        Assert.True(shown > 400, $"shown {shown}");
        Assert.StartsWith(text[..shown] + "\n\n[OUTPUT TRUNCATED", result, StringComparison.Ordinal);
        Assert.True(result.Length <= 500);
    }

    [Fact]
    public void The_notice_states_both_numbers_with_invariant_thousands_separators()
    {
        string text = new('x', 1_234_567);

        (bool cut, string result, int shown, int total) = Truncate(text, 20_000);

        Assert.True(cut);
        Assert.Equal(1_234_567, total);
        Match notice = NoticePattern().Match(result);
        Assert.True(notice.Success, result[^80..]);
        Assert.Equal(shown.ToString("N0", CultureInfo.InvariantCulture), notice.Groups[1].Value);
        Assert.Equal("1,234,567", notice.Groups[2].Value);
        Assert.Contains(",", notice.Groups[1].Value, StringComparison.Ordinal);
        Assert.Equal(20_000, result.Length);
    }

    [Theory]
    [InlineData("é")]
    [InlineData("中")]
    [InlineData("😀")]
    [InlineData("a😀")]
    [InlineData("ab\n😀é中")]
    public void Multi_byte_characters_and_surrogate_pairs_are_never_split(string unit)
    {
        string text = string.Concat(Enumerable.Repeat(unit, 300));
        for (int maxChars = 1; maxChars < 200; maxChars++)
        {
            (bool cut, string result, int shown, int total) = Truncate(text, maxChars);

            Assert.True(cut);
            Assert.Equal(text.Length, total);
            Assert.True(result.Length <= maxChars, $"{result.Length} > {maxChars}");
            if (result.StartsWith('['))
            {
                Assert.Equal(0, shown);
            }
            else
            {
                Assert.Equal(text[..shown] + Notice(shown, total), result);
                Assert.False(shown > 0 && char.IsHighSurrogate(text[shown - 1]), $"a surrogate pair split at {shown}");
            }
        }
    }

    [Fact]
    public void Invalid_utf8_counts_as_one_replacement_character_per_bad_byte()
    {
        byte[] utf8 = Enumerable.Repeat((byte)0xFF, 200).ToArray();
        var output = new ArrayBufferWriter<byte>();

        Assert.True(OutputTruncator.Truncate(utf8, 100, output, out int shown, out int total));

        Assert.Equal(200, total);
        Assert.Equal(50, shown);
        Assert.Equal(100, Encoding.UTF8.GetCharCount(output.WrittenSpan));
    }

    [Fact]
    public void A_limit_that_holds_the_notice_but_no_text_shows_only_the_notice()
    {
        string text = new('a', 100);
        int noticeOnly = Notice(0, 100).Length;

        (bool cut, string result, int shown, _) = Truncate(text, noticeOnly);

        Assert.True(cut);
        Assert.Equal(0, shown);
        Assert.Equal(Notice(0, 100), result);
    }

    [Theory]
    [InlineData(1, "[")]
    [InlineData(10, "[OUTPUT TR")]
    [InlineData(18, "[OUTPUT TRUNCATED]")]
    [InlineData(47, "[OUTPUT TRUNCATED]")]
    public void A_limit_smaller_than_the_notice_gets_the_short_notice_cut_to_the_limit(int maxChars, string expected)
    {
        (bool cut, string result, int shown, int total) = Truncate(new string('a', 100), maxChars);

        // The short notice carries no numbers: cut, a number could read wrong ("of 1,2").
        Assert.True(cut);
        Assert.Equal(expected, result);
        Assert.Equal(0, shown);
        Assert.Equal(100, total);
    }

    [Fact]
    public void The_result_never_exceeds_the_limit()
    {
        var random = new Random(7);
        string[] pieces = ["a", "é", "中", "😀", "\n", "\r\n", "word ", "line of text\n"];
        for (int round = 0; round < 200; round++)
        {
            var builder = new StringBuilder();
            int length = random.Next(1, 3000);
            while (builder.Length < length)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            string text = builder.ToString();
            int maxChars = random.Next(1, text.Length + 10);
            (bool cut, string result, int shown, int total) = Truncate(text, maxChars);

            Assert.Equal(text.Length, total);
            Assert.Equal(text.Length > maxChars, cut);
            Assert.True(result.Length <= maxChars, $"{result.Length} > {maxChars}");
            if (cut && shown > 0)
            {
                Assert.Equal(text[..shown] + Notice(shown, total), result);
            }
        }
    }

    [Fact]
    public void Truncating_allocates_nothing_beyond_the_output()
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line with é and 😀\n", 2000)));
        var output = new ArrayBufferWriter<byte>(text.Length);
        _ = OutputTruncator.Truncate(text, 10_000, output, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            output.ResetWrittenCount();
            _ = OutputTruncator.Truncate(text, 10_000, output, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
