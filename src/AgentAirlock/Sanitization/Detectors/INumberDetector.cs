namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// A detector whose values are numbers (telephone, card, SSN, IP address, IBAN). The scanner finds the numbers of a text
/// once (<see cref="NumberSpans"/>) and hands them to each such detector, so that each does not search the whole text for
/// digits on its own and look at every number of it.
/// </summary>
internal interface INumberDetector : IDetector
{
    /// <summary>
    /// Does what <see cref="IDetector.Detect"/> does, given the numbers <see cref="NumberSpans.Find"/> found in
    /// <paramref name="text"/>.
    /// </summary>
    void Detect(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings);
}
