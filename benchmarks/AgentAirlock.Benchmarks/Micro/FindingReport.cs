using System.Text;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// Says in the benchmark log what a scan found, so that a run shows it measured what it claims: no finding in the clean
/// prose, every type of the PII-dense text found.
/// </summary>
internal static class FindingReport
{
    public static string Describe(FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return "no findings";
        }

        var counts = new SortedDictionary<SensitiveDataType, int>();
        foreach (Finding finding in findings.Items)
        {
            counts[finding.Type] = counts.GetValueOrDefault(finding.Type) + 1;
        }

        var text = new StringBuilder().Append(findings.Count).Append(" findings: ");
        text.AppendJoin(", ", counts.Select(p => $"{p.Key} {p.Value}"));
        return text.ToString();
    }

    /// <summary>The first few findings with their text, to show what a detector took for a sensitive value.</summary>
    public static string Samples(ReadOnlySpan<byte> text, FindingList findings, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var samples = new List<string>();
        for (int i = 0; i < findings.Count && i < max; i++)
        {
            Finding finding = findings[i];
            samples.Add($"{finding.Type} at {finding.Start}: '{Encoding.UTF8.GetString(text.Slice(finding.Start, Math.Min(finding.Length, 80)))}'");
        }

        return string.Join("; ", samples);
    }
}
