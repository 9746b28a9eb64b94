using System.Text;
using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class PiiDetectorsCoverEveryPersonalType
{
    [Fact]
    public void There_is_one_detector_per_personal_type()
    {
        IDetector[] detectors = PiiDetectors.Create();

        Assert.Equal(
            [SensitiveDataType.Email, SensitiveDataType.Phone, SensitiveDataType.Ssn, SensitiveDataType.PaymentCard, SensitiveDataType.IpAddress, SensitiveDataType.Iban],
            detectors.SelectMany(d => d.Types).ToArray());
    }

    [Fact]
    public void Together_they_find_each_value_of_a_mixed_text_once()
    {
        const string Text = "Jane <jane@example.com>, (650) 253-0000, SSN 123-45-6789, card 4111 1111 1111 1111, "
            + "from 192.168.1.1 and 2001:db8::1, IBAN DE89 3704 0044 0532 0130 00.";
        byte[] bytes = Encoding.UTF8.GetBytes(Text);
        var scanner = new SensitiveDataScanner(PiiDetectors.Create(), [], []);
        FindingList findings = scanner.CreateList();

        scanner.Scan(bytes, findings);

        Assert.Equal(
            [
                ("jane@example.com", SensitiveDataType.Email),
                ("(650) 253-0000", SensitiveDataType.Phone),
                ("123-45-6789", SensitiveDataType.Ssn),
                ("4111 1111 1111 1111", SensitiveDataType.PaymentCard),
                ("192.168.1.1", SensitiveDataType.IpAddress),
                ("2001:db8::1", SensitiveDataType.IpAddress),
                ("DE89 3704 0044 0532 0130 00", SensitiveDataType.Iban),
            ],
            findings.Items.Select(f => (Encoding.UTF8.GetString(bytes, f.Start, f.Length), f.Type)).ToArray());
    }
}
