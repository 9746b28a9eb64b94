namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

/// <summary>
/// The bubblewrap tests start real processes and some of them measure time and CPU: they run one class at a time, so
/// that they do not starve each other on a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BubblewrapProcessTests
{
    public const string Name = "bubblewrap";
}
