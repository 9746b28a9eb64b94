namespace AirlockSample;

/// <summary>One search hit.</summary>
public sealed record DocumentHit(string Id, string Title, string Snippet);

/// <summary>A small in-memory document library for the search_documents tool.</summary>
public static class DocumentLibrary
{
    private static readonly DocumentHit[] Documents =
    [
        new("doc-1", "Onboarding guide", "How new agents are given their keys and roles."),
        new("doc-2", "Incident runbook", "What to do when a tool starts returning errors."),
        new("doc-3", "Data retention policy", "Records are kept for seven years, then deleted."),
        new("doc-4", "Rate limits", "Each agent may call each tool a limited number of times per minute."),
        new("doc-5", "Sandboxing", "Risky tools run in an isolated process without network access."),
        new("doc-6", "Customer records", "Customer data is personal data and is masked in tool output."),
    ];

    public static IReadOnlyList<DocumentHit> Search(string query, int limit)
    {
        string[] words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. Documents
            .Where(d => words.Any(w => d.Title.Contains(w, StringComparison.OrdinalIgnoreCase) || d.Snippet.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Take(limit)];
    }
}
