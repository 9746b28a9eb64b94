using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>One line of the comparison: a server, the call sent to it, and the answer every call must get.</summary>
internal sealed class LoadConfiguration
{
    public LoadConfiguration(string name, SampleServer server, LoadGenerator generator, SampleCall call, ResponseCheck check)
    {
        Name = name;
        Server = server;
        Generator = generator;
        Call = call;
        Check = check;
    }

    public string Name { get; }

    public SampleServer Server { get; }

    public LoadGenerator Generator { get; }

    public SampleCall Call { get; }

    public ResponseCheck Check { get; }

    public List<PhaseResult> Results { get; } = [];

    public Task<PhaseResult> RunAsync(TimeSpan duration) => Generator.RunAsync(Call, Check, duration, Server);
}
