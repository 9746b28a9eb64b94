using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class PhoneDetectorFindsValidNumbers
{
    private static readonly PhoneDetector Detector = new();

    [Theory]
    [InlineData("Call (650) 253-0000 now", "(650) 253-0000", 5)]
    [InlineData("(212) 555-0123", "(212) 555-0123", 0)]
    [InlineData("Office: 415.555.2671.", "415.555.2671", 8)]
    [InlineData("fax 212-555-0199", "212-555-0199", 4)]
    [InlineData("call 6502530000", "6502530000", 5)]
    [InlineData("1 800 555 1234", "1 800 555 1234", 0)]
    [InlineData("+1 650 253 0000", "+1 650 253 0000", 0)]
    [InlineData("tel:+1-650-253-0000", "+1-650-253-0000", 4)]
    [InlineData("+16502530000", "+16502530000", 0)]
    [InlineData("London +44 20 7946 0958.", "+44 20 7946 0958", 7)]
    [InlineData("+44 (0)20 7946 0958", "+44 (0)20 7946 0958", 0)]
    [InlineData("Berlin: +49 30 901820", "+49 30 901820", 8)]
    [InlineData("+33 1 42 68 53 00", "+33 1 42 68 53 00", 0)]
    [InlineData("+91 98765 43210", "+91 98765 43210", 0)]
    [InlineData("+61 2 9374 4000", "+61 2 9374 4000", 0)]
    [InlineData("+81 3-3224-5000", "+81 3-3224-5000", 0)]
    [InlineData("Room 12 650-253-0000", "650-253-0000", 8)]
    [InlineData("Call Jane (650-253-0000) today", "650-253-0000", 11)]
    [InlineData("(650 253-0000", "650 253-0000", 1)]
    [InlineData("Call Jane (+44 20 7946 0958)", "+44 20 7946 0958", 11)]
    [InlineData("+49 (030) 901820", "+49 (030) 901820", 0)]
    [InlineData("+1(650)253-0000", "+1(650)253-0000", 0)]
    [InlineData("{\"phone\":\"650-253-0000\"}", "650-253-0000", 10)]
    [InlineData("Téléphone : 650 253 0000", "650 253 0000", 14)]
    public void A_valid_number_is_found_with_its_byte_offset(string text, string value, int start)
    {
        Assert.Equal([(value, start)], DetectorHarness.Find(Detector, text));
    }

    [Fact]
    public void Every_number_of_a_text_is_found()
    {
        Assert.Equal(
            ["212-555-0199", "(650) 253-0000", "+44 20 7946 0958"],
            DetectorHarness.Values(Detector, "212-555-0199 or (650) 253-0000; abroad +44 20 7946 0958"));
        Assert.Equal(
            ["650 253 0000", "+44 20 7946 0958", "+49 30 901820"],
            DetectorHarness.Values(Detector, "650 253 0000 +44 20 7946 0958 +49 30 901820"));
    }

    [Fact]
    public void In_a_long_run_of_figures_only_whole_formatted_numbers_are_found()
    {
        Assert.Equal(
            ["650-253-0000", "212-555-0199", "(415)555-2671"],
            DetectorHarness.Values(Detector, "1 2 3 650-253-0000 212-555-0199 4 5 6 7 8 9 10 11 12 13 14 (415)555-2671 15 16"));
        Assert.Empty(DetectorHarness.Find(Detector, "650 253 0000 212 555 0199 415 555 2671 1"));
    }

    [Theory]
    [InlineData("(555) 123-4567")] // 555 is not an area code in service
    [InlineData("555.987.6543")]
    [InlineData("020 7946 0958")] // British national format, read as a US number
    [InlineData("+999 123 456 789")] // no such calling code
    [InlineData("+1 123 456 7890")]
    [InlineData("123456")]
    [InlineData("order 1234567 shipped")]
    [InlineData("6502530000123456789")]
    [InlineData("ID A650-253-0000")]
    [InlineData("650-253-0000x")]
    [InlineData("650-253-0000-1234")]
    [InlineData("1-2-650-253-0000")]
    [InlineData("v650.253.0000")]
    [InlineData("$650,253,0000")]
    [InlineData("650/253/0000")]
    [InlineData("12:30:45")]
    [InlineData("on 2024-01-15 at 10:30")]
    [InlineData("ISBN 978-3-16-148410-0")]
    [InlineData("1.1.1.1.1.1.1.1.1.1.1")]
    [InlineData("6(502530000)")]
    [InlineData("(650-253)-0000")]
    [InlineData("650  253  0000")]
    [InlineData("12 12 12 12 12 12 12 12 12 12 12 12 12 12 12 12")]
    public void Look_alikes_are_not_numbers(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Fact]
    public void National_numbers_are_read_in_the_configured_region()
    {
        var british = new PhoneDetector("GB");

        Assert.Equal([("020 7946 0958", 4)], DetectorHarness.Find(british, "tel 020 7946 0958"));
        Assert.Equal(["+1 650 253 0000"], DetectorHarness.Values(british, "+1 650 253 0000"));
        Assert.Empty(DetectorHarness.Find(british, "(650) 253-0000"));
    }

    [Fact]
    public void The_default_region_is_the_united_states()
    {
        Assert.Equal("US", PhoneDetector.DefaultRegion);
        Assert.Throws<ArgumentException>(() => new PhoneDetector("XX"));
    }

    // Germany accepts numbers of 4 to 15 digits, so these shapes would pass libphonenumber there: the pre-checks refuse them.
    [Theory]
    [InlineData("20240115")]
    [InlineData("2024-01-15")]
    [InlineData("15.01.2024")]
    [InlineData("4222222222222")]
    [InlineData("4222 2222 22222")]
    public void Dates_and_card_numbers_are_not_numbers_even_where_the_length_fits(string text)
    {
        Assert.Empty(DetectorHarness.Find(new PhoneDetector("DE"), text));
    }

    [Fact]
    public void The_groups_of_a_card_number_are_not_a_number()
    {
        // 3472 530000 alone is a valid New York number.
        Assert.Equal(["3472 530000"], DetectorHarness.Values(Detector, "card 3472 530000"));
        Assert.Empty(DetectorHarness.Find(Detector, "card 3472 530000 12341"));
        Assert.Empty(DetectorHarness.Find(Detector, "card 4111 1111 1111 1111"));
    }

    [Fact]
    public void An_ipv4_address_is_not_a_number()
    {
        // Without the IPv4 check, 2125551019 is a valid US number.
        Assert.Equal(["212-555-1019"], DetectorHarness.Values(Detector, "212-555-1019"));
        Assert.Empty(DetectorHarness.Find(Detector, "212.555.10.19"));
    }

    [Fact]
    public void Past_the_validation_budget_numbers_that_pass_the_cheap_checks_are_reported_unchecked()
    {
        var text = new System.Text.StringBuilder("(555) 123-4567, ");
        for (int i = 0; i < PhoneDetector.ValidationBudget; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"650-{200 + (i / 1000)}-{i % 1000:D4}, ");
        }

        text.Append("(555) 987-6543, 650-253-0000, (555) 222-3333, 2024-01-15");

        string[] found = DetectorHarness.Values(new PhoneDetector(), text.ToString());

        Assert.Equal("650-200-0000", found[0]);
        Assert.Equal(["(555) 987-6543", "650-253-0000", "(555) 222-3333"], found[^3..]);
    }

    [Fact]
    public void A_mebibyte_of_distinct_look_alikes_is_scanned_quickly()
    {
        var random = new Random(7);
        var text = new System.Text.StringBuilder();
        while (text.Length < (1 << 20) - 16)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{random.Next(200, 1000)}-{random.Next(200, 1000)}-{random.Next(0, 10000):D4} ");
        }

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(new PhoneDetector(), System.Text.Encoding.ASCII.GetBytes(text.ToString()));

        Assert.True(findings.Count > 60_000);
        Assert.True(elapsed < DetectorHarness.AdversarialBound, $"{elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData("1.")]
    [InlineData("1-")]
    [InlineData("12 ")]
    [InlineData("1 ")]
    [InlineData("(1")]
    [InlineData("+1")]
    [InlineData("+")]
    [InlineData("1:")]
    [InlineData("555 123 4567 ")]
    [InlineData("a1")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string pattern)
    {
        byte[] text = DetectorHarness.Repeat(pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }

    [Fact]
    public void A_mebibyte_of_numbers_is_scanned_quickly()
    {
        const string Pattern = "call 650-253-0000 ";
        byte[] text = DetectorHarness.RepeatWhole(Pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(text.Length / Pattern.Length, findings, elapsed);
    }
}
