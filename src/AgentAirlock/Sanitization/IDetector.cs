namespace AgentAirlock.Sanitization;

/// <summary>
/// Finds one family of sensitive values in UTF-8 text. A detector runs in time linear in the text (no backtracking
/// pattern), validates each candidate (checksums, ranges, decoding) so that look-alikes are not reported, and reports
/// only the bytes that must be masked (the value of <c>password=…</c>, not the key).
/// </summary>
internal interface IDetector
{
    /// <summary>Gets the types this detector can report.</summary>
    IReadOnlyList<SensitiveDataType> Types { get; }

    /// <summary>Adds every value found in <paramref name="text"/> to <paramref name="findings"/>, in any order.</summary>
    void Detect(ReadOnlySpan<byte> text, FindingList findings);
}
