using AgentAirlock.Protocol;

namespace AgentAirlock.Policy;

/// <summary>A time window and the tools it governs (none: every tool).</summary>
internal sealed record WindowRule(Glob[] Tools, TimeWindow Window)
{
    public bool Governs(string tool)
    {
        foreach (Glob glob in Tools)
        {
            if (glob.IsMatch(tool))
            {
                return true;
            }
        }

        return Tools.Length == 0;
    }
}
