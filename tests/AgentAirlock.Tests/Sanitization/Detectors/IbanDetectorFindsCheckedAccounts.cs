using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class IbanDetectorFindsCheckedAccounts
{
    private static readonly IbanDetector Detector = new();

    [Theory]
    [InlineData("DE89370400440532013000")]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("ES9121000418450200051332")]
    [InlineData("IT60X0542811101000000123456")]
    [InlineData("BE68539007547034")]
    [InlineData("CH9300762011623852957")]
    [InlineData("NO9386011117947")]
    [InlineData("PL61109010140000071219812874")]
    [InlineData("SA0380000000608010167519")]
    [InlineData("MT84MALT011000012345MTLCAST001S")]
    [InlineData("AT611904300234573201")]
    public void An_iban_of_any_country_is_found_contiguous_or_in_groups_of_four(string iban)
    {
        string grouped = string.Join(' ', iban.Chunk(4).Select(c => new string(c)));

        Assert.Equal([(iban, 6)], DetectorHarness.Find(Detector, $"IBAN: {iban}."));
        Assert.Equal([(grouped, 6)], DetectorHarness.Find(Detector, $"IBAN: {grouped}."));
    }

    [Theory]
    [InlineData("DE88370400440532013000")]
    [InlineData("DE89370400440532013001")]
    [InlineData("GB82WEST12345698765433")]
    [InlineData("FR1520041010050500013M02606")]
    [InlineData("NL91ABNA0417164301")]
    [InlineData("IT60X0542811101000000123457")]
    public void A_wrong_check_digit_is_refused(string iban)
    {
        Assert.Empty(DetectorHarness.Find(Detector, iban));
    }

    [Theory]
    [InlineData("{\"iban\":\"DE89370400440532013000\"}", "DE89370400440532013000", 9)]
    [InlineData("Überweisung an DE89 3704 0044 0532 0130 00, danke", "DE89 3704 0044 0532 0130 00", 16)]
    [InlineData("DE89 3704 0044 0532 0130 00 12", "DE89 3704 0044 0532 0130 00", 0)]
    public void An_iban_is_found_with_its_byte_offset(string text, string value, int start)
    {
        Assert.Equal([(value, start)], DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("ZZ89370400440532013000")] // no such country
    [InlineData("US89370400440532013000")] // a country without IBANs
    [InlineData("DE8937040044053201300")] // one character short
    [InlineData("DE893704004405320130000")] // one too many
    [InlineData("de89370400440532013000")]
    [InlineData("XDE89370400440532013000")]
    [InlineData("1DE89370400440532013000")]
    [InlineData("DE89370400440532013000X")]
    [InlineData("DE89 3704 0044 0532 0130 001")]
    [InlineData("DE89  3704 0044 0532 0130 00")]
    [InlineData("DE89 37040044 0532 0130 00")]
    [InlineData("DE893 704 004 405 320 130 00")]
    [InlineData("DE89-3704-0044-0532-0130-00")]
    [InlineData("GB82west12345698765432")]
    public void Look_alikes_are_not_ibans(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData("DE00")]
    [InlineData("DE89 ")]
    [InlineData("DE8937040044053201300")]
    [InlineData("AB12")]
    [InlineData("A1")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string pattern)
    {
        byte[] text = DetectorHarness.Repeat(pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }

    [Fact]
    public void A_mebibyte_of_ibans_is_scanned_quickly()
    {
        const string Pattern = "DE89 3704 0044 0532 0130 00; GB82WEST12345698765432; ";
        byte[] text = DetectorHarness.RepeatWhole(Pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(2 * (text.Length / Pattern.Length), findings, elapsed);
    }
}
