using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>One line of the comparison: a server, the call sent to it (and the API key sent with it, if any), and the answer every call must get.</summary>
internal sealed class LoadConfiguration
{
    public LoadConfiguration(string name, SampleServer server, LoadGenerator generator, SampleCall call, ResponseCheck check, string? apiKey = null)
    {
        Name = name;
        ApiKey = apiKey;
        Server = server;
        Generator = generator;
        Call = call;
        Check = check;
    }

    public string Name { get; }

    public SampleServer Server { get; }

    public LoadGenerator Generator { get; }

    public SampleCall Call { get; }

    public string? ApiKey { get; }

    public ResponseCheck Check { get; }

    public List<PhaseResult> Results { get; } = [];

    public Task<PhaseResult> RunAsync(TimeSpan duration, int? workers = null) => Generator.RunAsync(Call, ApiKey, Check, duration, Server, workers);
}
