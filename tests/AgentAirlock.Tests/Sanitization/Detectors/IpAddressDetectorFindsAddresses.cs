using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class IpAddressDetectorFindsAddresses
{
    private static readonly IpAddressDetector Detector = new();

    [Theory]
    [InlineData("server 192.168.1.1 down", "192.168.1.1", 7)]
    [InlineData("10.0.0.1:8080", "10.0.0.1", 0)]
    [InlineData("resolver at 8.8.8.8.", "8.8.8.8", 12)]
    [InlineData("(255.255.255.255)", "255.255.255.255", 1)]
    [InlineData("0.0.0.0", "0.0.0.0", 0)]
    [InlineData("{\"ip\":\"172.16.254.1\"}", "172.16.254.1", 7)]
    [InlineData("from=203.0.113.9, ok", "203.0.113.9", 5)]
    [InlineData("adresse 192.0.2.10…", "192.0.2.10", 8)]
    [InlineData("é 192.0.2.10", "192.0.2.10", 3)]
    public void An_ipv4_address_is_found_with_its_byte_offset(string text, string value, int start)
    {
        Assert.Equal([(value, start)], DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("::1", "::1", 0)]
    [InlineData("loopback ::1.", "::1", 9)]
    [InlineData("2001:db8::8a2e:370:7334", "2001:db8::8a2e:370:7334", 0)]
    [InlineData("via 2001:0db8:85a3:0000:0000:8a2e:0370:7334 now", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", 4)]
    [InlineData("mapped ::ffff:192.0.2.1 here", "::ffff:192.0.2.1", 7)]
    [InlineData("link fe80::1%eth0", "fe80::1", 5)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 1)]
    [InlineData("host:2001:db8::1", "2001:db8::1", 5)]
    [InlineData("FE80::0202:B3FF:FE1E:8329", "FE80::0202:B3FF:FE1E:8329", 0)]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8:0:0:1:0:0:1", 0)]
    [InlineData("2001:db8::", "2001:db8::", 0)]
    [InlineData("peer 2001:db8::7: unreachable", "2001:db8::7", 5)]
    [InlineData("{\"ip\":\"2001:db8::42\"}", "2001:db8::42", 7)]
    public void An_ipv6_address_is_found_with_its_byte_offset(string text, string value, int start)
    {
        Assert.Equal([(value, start)], DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("version 1.2.3.4.5")]
    [InlineData("v1.2.3.4")]
    [InlineData("x1.2.3.4")]
    [InlineData(".1.2.3.4")]
    [InlineData("01.2.3.4")]
    [InlineData("1.02.3.4")]
    [InlineData("1.2.3.004")]
    [InlineData("1.2.3.4a")]
    [InlineData("1..2.3.4")]
    [InlineData("1234.1.1.1")]
    [InlineData("3.14159")]
    public void Dotted_numbers_that_are_not_ipv4_addresses_are_not_reported(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("12:30:45")]
    [InlineData("at 10:30:00 UTC")]
    [InlineData("12:30")]
    [InlineData("12:30:45:99")]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("2024-01-15T12:30:45Z")]
    [InlineData("std::vector<int>")]
    [InlineData("Foo::Bar::baz()")]
    [InlineData("face::add")]
    [InlineData("a::b")]
    [InlineData("ns::abc1")]
    [InlineData("00:1a:2b:3c:4d:5e")]
    [InlineData("::")]
    [InlineData(":::")]
    [InlineData("1::2::3")]
    [InlineData("2001:db8::g1")]
    [InlineData("2001:db8::12345")]
    [InlineData(":1:2:3:4:5:6:7")]
    [InlineData("{\"a\":1,\"b\":\"c\"}")]
    [InlineData("Note: see 3:16")]
    public void Colons_that_are_not_ipv6_addresses_are_not_reported(string text)
    {
        Assert.Empty(DetectorHarness.Find(Detector, text));
    }

    [Theory]
    [InlineData("1.")]
    [InlineData("0123456789")]
    [InlineData(":")]
    [InlineData("1:")]
    [InlineData("f:")]
    [InlineData("ab")]
    [InlineData("1.1:")]
    [InlineData("::1.")]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string pattern)
    {
        byte[] text = DetectorHarness.Repeat(pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(0, findings, elapsed);
    }

    [Fact]
    public void A_mebibyte_of_addresses_is_scanned_quickly()
    {
        const string Pattern = "10.0.0.1 2001:db8::1 ";
        byte[] text = DetectorHarness.RepeatWhole(Pattern);

        (FindingList findings, TimeSpan elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(2 * (text.Length / Pattern.Length), findings, elapsed);
    }
}
