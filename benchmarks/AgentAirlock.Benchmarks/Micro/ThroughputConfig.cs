using BenchmarkDotNet.Configs;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// Adds a <c>MB/s</c> column (10⁶ bytes per second, from the mean) to the benchmarks of a class: the sanitizer's targets
/// are throughputs, and converting means by hand for every row invites mistakes.
/// </summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn());
}
