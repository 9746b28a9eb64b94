using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class EmailDetectorFindsAddresses
{
    private static readonly EmailDetector Detector = new();

    [Theory]
    [InlineData("jane@example.com", "jane@example.com", 0)]
    [InlineData("Contact jane.doe@example.com today", "jane.doe@example.com", 8)]
    [InlineData("mail: a+tag@mail.example.co.uk.", "a+tag@mail.example.co.uk", 6)]
    [InlineData("<john_smith%x@sub-domain.example.org>", "john_smith%x@sub-domain.example.org", 1)]
    [InlineData("\"email\":\"Jo.Ann-Lee@Example.COM\"", "Jo.Ann-Lee@Example.COM", 9)]
    [InlineData("reply to 1234@mail2.example.io, thanks", "1234@mail2.example.io", 9)]
    [InlineData("see below..jane@example.com", "jane@example.com", 11)]
    [InlineData("…jane@example.com", "jane@example.com", 3)]
    [InlineData("x@example.com.123", "x@example.com", 0)]
    [InlineData("café bob@example.com", "bob@example.com", 6)]
    [InlineData("(bob@example.com)", "bob@example.com", 1)]
    public void An_address_is_found_with_its_byte_offset(string text, string value, int start)
    {
        Assert.Equal([(value, start)], DetectorHarness.Find(Detector, text));
    }

    [Fact]
    public void Every_address_of_a_text_is_found()
    {
        Assert.Equal(
            ["a@example.com", "b.c@example.org", "d@example.net"],
            DetectorHarness.Values(Detector, "a@example.com, b.c@example.org;d@example.net"));
    }

    [Theory]
    [InlineData("no address here")]
    [InlineData("user@localhost")]
    [InlineData("user@example.c")]
    [InlineData("user@example.123")]
    [InlineData("user@-example.com")]
    [InlineData("user@example-.com")]
    [InlineData("user@example..com")]
    [InlineData("user@.example.com")]
    [InlineData("user.@example.com")]
    [InlineData("@example.com")]
    [InlineData("user@@example.com")]
    [InlineData("a@b")]
    [InlineData("@@@")]
    [InlineData("name at example dot com")]
    [InlineData("@mention and @scope/package")]
    [InlineData("git@github")]
    public void Look_alikes_are_not_addresses(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Fact]
    public void A_label_longer_than_63_characters_is_refused()
    {
        string label = new('a', 64);

        Assert.Empty(DetectorHarness.Find(Detector, $"user@{label}.com"));
        Assert.Equal([$"user@{label[1..]}.com"], DetectorHarness.Values(Detector, $"user@{label[1..]}.com"));
    }

    [Fact]
    public void A_local_part_longer_than_64_characters_is_refused()
    {
        string local = new('a', 65);

        Assert.Empty(DetectorHarness.Find(Detector, $"{local}@example.com"));
        Assert.Equal([$"{local[1..]}@example.com"], DetectorHarness.Values(Detector, $"{local[1..]}@example.com"));
    }

    [Theory]
    [InlineData("@")]
    [InlineData("a@")]
    [InlineData("a.")]
    [InlineData("a@a.")]
    [InlineData("a-")]
    [InlineData("x")]
    [InlineData(".")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string pattern)
    {
        byte[] text = DetectorHarness.Repeat(pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }

    [Fact]
    public void A_mebibyte_of_addresses_is_scanned_quickly()
    {
        const string Pattern = "jane@example.com ";
        byte[] text = DetectorHarness.RepeatWhole(Pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(text.Length / Pattern.Length, findings, elapsed);
    }
}
