namespace AgentAirlock.Audit;

/// <summary>One value the sanitizer masked: its type label and where it was (never the value).</summary>
/// <param name="Type">The type's label, e.g. <c>EMAIL</c>.</param>
/// <param name="Location">Where in the message: <c>content[0].text</c>, <c>structuredContent.customer.email</c>, <c>arguments.config</c>.</param>
internal readonly record struct Redaction(string Type, string Location)
{
    /// <summary>Adds each redaction to the count of its type (in <paramref name="counts"/>, which may hold counts already).</summary>
    public static void CountByType(IEnumerable<Redaction> redactions, Dictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(redactions);
        ArgumentNullException.ThrowIfNull(counts);
        foreach (Redaction redaction in redactions)
        {
            counts[redaction.Type] = counts.GetValueOrDefault(redaction.Type) + 1;
        }
    }
}
