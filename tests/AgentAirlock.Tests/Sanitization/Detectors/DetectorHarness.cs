using System.Diagnostics;
using System.Text;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization.Detectors;

/// <summary>Runs one detector over a text and shows what it found as strings with their byte offsets.</summary>
internal static class DetectorHarness
{
    /// <summary>A bound no correct linear detector comes near on 1 MiB, and that a shared CI machine cannot miss.</summary>
    public static readonly TimeSpan AdversarialBound = TimeSpan.FromSeconds(2);

    public static (string Value, int Start)[] Find(IDetector detector, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        FindingList findings = Scan(detector, bytes);
        return findings.Items.Select(f => (Encoding.UTF8.GetString(bytes, f.Start, f.Length), f.Start)).ToArray();
    }

    public static string[] Values(IDetector detector, string text) => Find(detector, text).Select(f => f.Value).ToArray();

    /// <summary>Sorted and merged, as the scanner leaves them (an IPv6 with an embedded IPv4 is one finding).</summary>
    public static FindingList Scan(IDetector detector, byte[] text)
    {
        FindingList findings = FindingList.AcceptingAll();
        detector.Detect(text, findings);
        findings.Normalize();
        return findings;
    }

    /// <summary>1 MiB of <paramref name="pattern"/> repeated (the last repetition cut).</summary>
    public static byte[] Repeat(string pattern, int size = 1 << 20)
    {
        byte[] unit = Encoding.UTF8.GetBytes(pattern);
        byte[] text = new byte[size];
        for (int i = 0; i < size; i += unit.Length)
        {
            unit.AsSpan(0, Math.Min(unit.Length, size - i)).CopyTo(text.AsSpan(i));
        }

        return text;
    }

    /// <summary>As many whole repetitions of <paramref name="pattern"/> (ASCII) as fit in <paramref name="size"/> bytes (1 MiB).</summary>
    public static byte[] RepeatWhole(string pattern, int size = 1 << 20) => Repeat(pattern, pattern.Length * (size / pattern.Length));

    /// <summary>Asserts what a timed scan of adversarial or dense input found, and that it stayed far below a quadratic time.</summary>
    public static void AssertQuick(int expectedFindings, FindingList findings, TimeSpan elapsed)
    {
        Assert.Equal(expectedFindings, findings.Count);
        Assert.True(elapsed < AdversarialBound, $"{elapsed.TotalMilliseconds} ms");
    }

    /// <summary>Scans once to warm up (JIT, static tables), then times one scan.</summary>
    public static (FindingList Findings, TimeSpan Elapsed) Time(IDetector detector, byte[] text)
    {
        Scan(detector, text.AsSpan(0, Math.Min(text.Length, 4096)).ToArray());
        var watch = Stopwatch.StartNew();
        FindingList findings = Scan(detector, text);
        return (findings, watch.Elapsed);
    }
}
