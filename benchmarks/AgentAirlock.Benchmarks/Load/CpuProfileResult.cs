namespace AgentAirlock.Benchmarks.Load;

/// <summary>Managed CPU samples of one profiled phase, in total, per owner (see CpuProfile.StopAsync), and per innermost method of the focus group.</summary>
internal sealed class CpuProfileResult
{
    public CpuProfileResult(long managedSamples, IReadOnlyDictionary<string, long> byOwner, IReadOnlyDictionary<string, long> byMethod)
    {
        ManagedSamples = managedSamples;
        ByOwner = byOwner;
        ByMethod = byMethod;
    }

    public long ManagedSamples { get; }

    public IReadOnlyDictionary<string, long> ByOwner { get; }

    public IReadOnlyDictionary<string, long> ByMethod { get; }
}
