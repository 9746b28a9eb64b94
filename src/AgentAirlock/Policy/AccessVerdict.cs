using AgentAirlock.Protocol;

namespace AgentAirlock.Policy;

/// <summary>
/// Whether an identity may call a tool now, by the allow and deny lists and the time windows of its policies, and
/// if it may, the policy that governs the call (whose rate limits apply). Refusals name what refused.
/// </summary>
internal readonly record struct AccessVerdict(
    ToolAccess Access,
    CompiledPolicy Policy,
    Glob? Rule = null,
    WindowRule? ClosedWindow = null,
    DateTimeOffset NextOpening = default)
{
    public bool IsAllowed => Access == ToolAccess.Allowed && ClosedWindow is null;
}
