namespace AgentAirlock.Validation;

/// <summary>
/// Finds the declared names closest to a name the caller got wrong, for "did you mean" hints.
/// </summary>
internal static class NameSuggestions
{
    /// <summary>
    /// The closest declared member of <paramref name="node"/> not marked in <paramref name="sent"/>, or
    /// <see langword="null"/> when none is close.
    /// </summary>
    public static SchemaProperty? Closest(string name, SchemaNode node, ReadOnlySpan<bool> sent)
    {
        SchemaProperty? best = null;
        int bestDistance = int.MaxValue;
        SchemaProperty[] properties = node.Properties;
        for (int i = 0; i < properties.Length; i++)
        {
            SchemaProperty property = properties[i];
            if (i < sent.Length && sent[i])
            {
                continue;
            }

            int distance = Distance(name, property.Name);
            if (distance < bestDistance && IsClose(name, property.Name, distance))
            {
                best = property;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Up to <paramref name="max"/> candidates close to <paramref name="name"/>, closest first.</summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> candidates, int max)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return [.. candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(name, candidate)))
            .Where(pair => IsClose(name, pair.Candidate, pair.Distance))
            .OrderBy(pair => pair.Distance)
            .ThenBy(pair => pair.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(pair => pair.Candidate)];
    }

    private static bool IsClose(string name, string candidate, int distance) =>
        distance <= Math.Max(2, Math.Min(name.Length, candidate.Length) / 3)
        || candidate.Contains(name, StringComparison.OrdinalIgnoreCase)
        || name.Contains(candidate, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Optimal string alignment distance (edits, with adjacent transpositions), case-insensitive so that a
    /// case slip ranks first. Names are short; the cost is bounded by their lengths.
    /// </summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length > 128 || b.Length > 128)
        {
            return int.MaxValue / 2;
        }

        int[,] d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2])
                    && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
