using System.Text;
using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class ScannerSharesTheNumbersAmongTheNumberDetectors
{
    private const string Text = "Call (650) 253-0000 or +44 20 7946 0958 about SSN 123-45-6789 and ssn: 078051120; card 4111 1111 1111 1111, "
        + "4111-1111-1111-1111 or 378282246310005; hosts 192.168.1.1, 10.0.0.1. and 2001:db8::1; IBAN DE89 3704 0044 0532 0130 00 "
        + "and NL91ABNA0417164300. Revenue grew by 12.5% on March 14, with 2,400 orders; version 1.2.3.4.5, Q3 2024-01-15.";

    [Fact]
    public void Each_number_detector_finds_in_the_scan_what_it_finds_alone()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Text);
        IDetector[] detectors = PiiDetectors.Create();
        var scanner = new SensitiveDataScanner(detectors, [], []);
        FindingList scanned = scanner.CreateList();
        FindingList alone = FindingList.AcceptingAll();

        scanner.Scan(bytes, scanned);
        foreach (IDetector detector in detectors)
        {
            detector.Detect(bytes, alone);
        }

        alone.Normalize();

        Assert.Equal(alone.Items, scanned.Items);
        Assert.Equal(
            [SensitiveDataType.Phone, SensitiveDataType.Ssn, SensitiveDataType.PaymentCard, SensitiveDataType.IpAddress, SensitiveDataType.Iban],
            scanned.Items.Select(f => f.Type).Distinct().Order());
    }
}
