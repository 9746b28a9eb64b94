using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization.Detectors;

/// <summary>Runs one secret detector over a string and reads its findings back as strings.</summary>
internal static partial class SecretDetectorHarness
{
    private const string Filler = "FAKEfake0123456789TESTtest";

    /// <summary>
    /// Expands <c>{N}</c> to N letters and digits of obviously fake key material, and <c>{N*c}</c> to c repeated N times,
    /// so that test data shows the shape of a key without carrying one.
    /// </summary>
    public static string Expand(string template) => Placeholder().Replace(template, static match =>
    {
        int count = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (match.Groups[2].Success)
        {
            return new string(match.Groups[2].Value[0], count);
        }

        var builder = new StringBuilder(count);
        for (int i = 0; i < count; i++)
        {
            builder.Append(Filler[i % Filler.Length]);
        }

        return builder.ToString();
    });

    /// <summary>The findings in the order of the text, unmerged (as the detector reported them).</summary>
    public static List<(string Value, SensitiveDataType Type, int Start)> Scan(IDetector detector, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        FindingList findings = FindingList.AcceptingAll();
        detector.Detect(bytes, findings);
        return findings.Items
            .OrderBy(f => f.Start)
            .Select(f => (Encoding.UTF8.GetString(bytes, f.Start, f.Length), f.Type, f.Start))
            .ToList();
    }

    /// <summary>Asserts that the expanded <paramref name="input"/> holds exactly one finding: the expanded <paramref name="expected"/>, where it occurs.</summary>
    public static void AssertFinds(IDetector detector, string input, string expected, SensitiveDataType type)
    {
        string text = Expand(input);
        string value = Expand(expected);
        var findings = Scan(detector, text);

        var finding = Assert.Single(findings);
        Assert.Equal(value, finding.Value);
        Assert.Equal(type, finding.Type);
        Assert.Equal(Encoding.UTF8.GetByteCount(text[..text.IndexOf(value, StringComparison.Ordinal)]), finding.Start);
    }

    public static void AssertIgnores(IDetector detector, string input) => Assert.Empty(Scan(detector, Expand(input)));

    /// <summary>Runs the detector over 1 MiB of <paramref name="unit"/> repeated and returns the findings and the time of the second run.</summary>
    public static (FindingList Findings, TimeSpan Elapsed) ScanRepeated(IDetector detector, string unit)
    {
        byte[] text = DetectorHarness.Repeat(Expand(unit));

        FindingList findings = FindingList.AcceptingAll();
        detector.Detect(text, findings);
        findings.Clear();
        var stopwatch = Stopwatch.StartNew();
        detector.Detect(text, findings);
        return (findings, stopwatch.Elapsed);
    }

    [GeneratedRegex(@"\{(\d+)(?:\*(.))?\}")]
    private static partial Regex Placeholder();
}
