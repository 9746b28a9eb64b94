using System.Runtime.InteropServices;

namespace AgentAirlock.Audit;

/// <summary>One value the sanitizer masked: its type label and where it was (never the value).</summary>
/// <param name="Type">The type's label, e.g. <c>EMAIL</c>.</param>
/// <param name="Location">Where in the message: <c>content[0].text</c>, <c>structuredContent.customer.email</c>, <c>arguments.config</c>.</param>
internal readonly record struct Redaction(string Type, string Location)
{
    /// <summary>Adds each redaction to the count of its type (in <paramref name="counts"/>, which may hold counts already).</summary>
    public static void CountByType(IReadOnlyList<Redaction> redactions, Dictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(redactions);
        ArgumentNullException.ThrowIfNull(counts);

        // Indexed, not enumerated: this runs for every masked result, and an interface enumerator is an allocation.
        for (int i = 0; i < redactions.Count; i++)
        {
            string type = redactions[i].Type;
            CollectionsMarshal.GetValueRefOrAddDefault(counts, type, out _)++;
        }
    }
}
