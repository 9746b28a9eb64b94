namespace AgentAirlock.SandboxRunner;

/// <summary>The tool the prewarm invokes: argument binding of a string, a number and a list, and a JSON result.</summary>
internal static class PrewarmTools
{
    public static Task<PrewarmResult> Describe(string name, int count, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        Task.FromResult(new PrewarmResult(name, count + tags.Count));
}
