namespace AgentAirlock.SandboxRunner;

internal sealed record PrewarmResult(string Name, int Total);
