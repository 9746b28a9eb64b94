namespace AgentAirlock.Policy;

/// <summary>A time window and the tools it governs (none: every tool).</summary>
internal sealed record WindowRule(Glob[] Tools, TimeWindow Window)
{
    public bool Governs(string tool) => Tools.Length == 0 || Array.Exists(Tools, g => g.IsMatch(tool));
}
