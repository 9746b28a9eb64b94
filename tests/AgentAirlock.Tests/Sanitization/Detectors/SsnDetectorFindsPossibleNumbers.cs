using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class SsnDetectorFindsPossibleNumbers
{
    private static readonly SsnDetector Detector = new();

    [Theory]
    [InlineData("123-45-6789", "123-45-6789", 0)]
    [InlineData("SSN 123-45-6789.", "123-45-6789", 4)]
    [InlineData("id: 123 45 6789, ok", "123 45 6789", 4)]
    [InlineData("{\"n\":\"078-05-1120\"}", "078-05-1120", 6)]
    [InlineData("899-99-9999", "899-99-9999", 0)]
    [InlineData("001-01-0001", "001-01-0001", 0)]
    [InlineData("SSN: 123456789", "123456789", 5)]
    [InlineData("ssn=123456789", "123456789", 4)]
    [InlineData("Social Security Number: 123456789", "123456789", 24)]
    [InlineData("social-security no. 123456789", "123456789", 20)]
    [InlineData("Social Security Number (SSN) = 123456789", "123456789", 31)]
    [InlineData("N° SSN : 123456789", "123456789", 10)]
    [InlineData("customerSsn: 123456789", "123456789", 13)]
    [InlineData("\"socialSecurityNumber\":\"123456789\"", "123456789", 24)]
    public void A_possible_number_is_found_with_its_byte_offset(string text, string value, int start)
    {
        Assert.Equal([(value, start)], DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("900-12-3456")]
    [InlineData("950-12-3456")]
    [InlineData("999-12-3456")]
    [InlineData("123-00-4567")]
    [InlineData("123-45-0000")]
    [InlineData("000 12 3456")]
    [InlineData("SSN 000123456")]
    [InlineData("SSN 666123456")]
    [InlineData("SSN 912345678")]
    [InlineData("SSN 123004567")]
    [InlineData("SSN 123450000")]
    public void Numbers_that_are_never_issued_are_not_reported(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("order 123456789 shipped")]
    [InlineData("123456789")]
    [InlineData("the SSN field is optional and this is a long note: 123456789")]
    [InlineData("classname 123456789")]
    [InlineData("CLASSNAME 123456789")]
    [InlineData("antisocialsecurity 123456789")]
    [InlineData("SSN 1234567890")]
    [InlineData("SSN 12345678")]
    [InlineData("123-45-67890")]
    [InlineData("1123-45-6789")]
    [InlineData("A123-45-6789")]
    [InlineData("123-45-6789X")]
    [InlineData("123-45-6789-0")]
    [InlineData("1-123-45-6789")]
    [InlineData("123 45-6789")]
    [InlineData("123-45 6789")]
    [InlineData("123--45-6789")]
    [InlineData("1 123 45 6789")]
    [InlineData("123 45 6789 1")]
    [InlineData("12-345-6789")]
    [InlineData("3.123-45-6789")]
    public void Other_numbers_are_not_ssns(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData("123-")]
    [InlineData("123-45-")]
    [InlineData("1 ")]
    [InlineData("SSN ")]
    [InlineData("SSN 1")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string pattern)
    {
        byte[] text = DetectorHarness.Repeat(pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }

    [Fact]
    public void A_mebibyte_of_ssns_is_scanned_quickly()
    {
        const string Pattern = "SSN: 123456789, 123-45-6789; ";
        byte[] text = DetectorHarness.RepeatWhole(Pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(2 * (text.Length / Pattern.Length), findings, elapsed);
    }
}
