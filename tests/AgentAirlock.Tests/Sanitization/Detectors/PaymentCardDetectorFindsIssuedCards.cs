using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class PaymentCardDetectorFindsIssuedCards
{
    private static readonly PaymentCardDetector Detector = new();

    /// <summary>A number of <paramref name="length"/> digits that starts with <paramref name="prefix"/> and passes Luhn.</summary>
    private static string CardNumber(string prefix, int length)
    {
        var digits = new char[length];
        for (int i = 0; i < length - 1; i++)
        {
            digits[i] = i < prefix.Length ? prefix[i] : (char)('0' + ((i * 7) % 10));
        }

        for (char check = '0'; check <= '9'; check++)
        {
            digits[^1] = check;
            if (PaymentCardDetector.PassesLuhn(System.Text.Encoding.ASCII.GetBytes(digits)))
            {
                break;
            }
        }

        return new string(digits);
    }

    private static string BreakLuhn(string number) => number[..^1] + (char)('0' + ((number[^1] - '0' + 1) % 10));

    [Theory]
    [InlineData("4", 13)] // Visa
    [InlineData("4", 16)]
    [InlineData("4", 19)]
    [InlineData("51", 16)] // Mastercard
    [InlineData("53", 16)]
    [InlineData("55", 16)]
    [InlineData("2221", 16)]
    [InlineData("2500", 16)]
    [InlineData("2720", 16)]
    [InlineData("34", 15)] // American Express
    [InlineData("37", 15)]
    [InlineData("6011", 16)] // Discover
    [InlineData("6011", 19)]
    [InlineData("644", 16)]
    [InlineData("649", 17)]
    [InlineData("65", 16)]
    [InlineData("622126", 16)]
    [InlineData("622925", 19)]
    [InlineData("3528", 16)] // JCB
    [InlineData("3589", 19)]
    [InlineData("300", 14)] // Diners Club
    [InlineData("305", 16)]
    [InlineData("36", 14)]
    [InlineData("38", 16)]
    [InlineData("39", 19)]
    [InlineData("62", 16)] // UnionPay
    [InlineData("62", 18)]
    [InlineData("62", 19)]
    public void Every_issuer_range_is_found(string prefix, int length)
    {
        string number = CardNumber(prefix, length);

        Assert.Equal([(number, 5)], DetectorHarness.Find(Detector, $"card {number}."));
        Assert.Empty(DetectorHarness.Find(Detector, $"card {BreakLuhn(number)}."));
    }

    [Theory]
    [InlineData("4", 14)]
    [InlineData("4", 15)]
    [InlineData("4", 17)]
    [InlineData("50", 16)]
    [InlineData("56", 16)]
    [InlineData("51", 15)]
    [InlineData("55", 19)]
    [InlineData("2220", 16)]
    [InlineData("2721", 16)]
    [InlineData("34", 16)]
    [InlineData("37", 14)]
    [InlineData("6010", 16)]
    [InlineData("643", 16)]
    [InlineData("65", 15)]
    [InlineData("3527", 16)]
    [InlineData("3590", 16)]
    [InlineData("3589", 15)]
    [InlineData("306", 14)]
    [InlineData("36", 13)]
    [InlineData("35", 14)]
    [InlineData("1", 16)]
    [InlineData("7", 16)]
    [InlineData("8", 16)]
    [InlineData("9", 16)]
    [InlineData("0", 16)]
    public void Luhn_valid_numbers_outside_the_issuer_ranges_are_not_cards(string prefix, int length)
    {
        string number = CardNumber(prefix, length);

        Assert.True(PaymentCardDetector.PassesLuhn(System.Text.Encoding.ASCII.GetBytes(number)));
        Assert.Empty(DetectorHarness.Find(Detector, $"card {number}."));
    }

    [Theory]
    [InlineData("4111111111111111", "4111111111111111", 0)]
    [InlineData("Card: 4111 1111 1111 1111, exp 12/25", "4111 1111 1111 1111", 6)]
    [InlineData("4111-1111-1111-1111", "4111-1111-1111-1111", 0)]
    [InlineData("amex 3782 822463 10005", "3782 822463 10005", 5)]
    [InlineData("5555555555554444", "5555555555554444", 0)]
    [InlineData("5105-1051-0510-5100", "5105-1051-0510-5100", 0)]
    [InlineData("6011 1111 1111 1117", "6011 1111 1111 1117", 0)]
    [InlineData("3530111333300000", "3530111333300000", 0)]
    [InlineData("diners 30569309025904", "30569309025904", 7)]
    [InlineData("4111 1111 1111 1111 123", "4111 1111 1111 1111", 0)]
    [InlineData("{\"pan\":\"4111111111111111\"}", "4111111111111111", 8)]
    [InlineData("n° 4111111111111111", "4111111111111111", 4)]
    public void A_card_is_found_with_its_byte_offset(string text, string value, int start)
    {
        Assert.Equal([(value, start)], DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("4111 1111 1111 1112")]
    [InlineData("4111-1111-1111-1112")]
    [InlineData("5555555555554445")]
    [InlineData("378282246310006")]
    [InlineData("4111 1111-1111 1111")]
    [InlineData("4111  1111  1111  1111")]
    [InlineData("4111--1111--1111--1111")]
    [InlineData("41111111111111111111")]
    [InlineData("x4111111111111111")]
    [InlineData("4111111111111111x")]
    [InlineData("1-4111111111111111")]
    [InlineData("4111111111111111.5")]
    [InlineData("4111-1111-1111-1111-1111")]
    [InlineData("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1")]
    [InlineData("41 11 11 11 11 11 11 11")]
    [InlineData("4111")]
    public void Look_alikes_are_not_cards(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData("1234 ")]
    [InlineData("1234-")]
    [InlineData("1 ")]
    [InlineData("4111.")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string pattern)
    {
        byte[] text = DetectorHarness.Repeat(pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }

    [Fact]
    public void A_mebibyte_of_cards_is_scanned_quickly()
    {
        const string Pattern = "4111 1111 1111 1111, ";
        byte[] text = DetectorHarness.RepeatWhole(Pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(text.Length / Pattern.Length, findings, elapsed);
    }
}
