using ModelContextProtocol;

namespace AgentAirlock.SandboxRunner;

/// <summary>
/// Stands in for the SDK's progress reporter: a sandboxed tool cannot reach the client, and the host sends its own
/// progress notifications while the sandbox runs.
/// </summary>
internal sealed class NoProgress : IProgress<ProgressNotificationValue>
{
    public static NoProgress Instance { get; } = new();

    public void Report(ProgressNotificationValue value)
    {
    }
}
