namespace AgentAirlock.Benchmarks.Load;

/// <summary>What one measured phase against one server produced.</summary>
internal sealed class PhaseResult
{
    public PhaseResult(long requests, TimeSpan elapsed, long[] latencyTicks, long unexpected, IReadOnlyList<string> unexpectedSamples, TimeSpan serverCpu, TimeSpan clientCpu, double otherCpuShare)
    {
        Requests = requests;
        Elapsed = elapsed;
        LatencyTicks = latencyTicks;
        Unexpected = unexpected;
        UnexpectedSamples = unexpectedSamples;
        ServerCpu = serverCpu;
        ClientCpu = clientCpu;
        OtherCpuShare = otherCpuShare;
    }

    public long Requests { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Gets every request's latency in <see cref="System.Diagnostics.Stopwatch"/> ticks, sorted.</summary>
    public long[] LatencyTicks { get; }

    /// <summary>Gets how many responses were not the expected answer (non-200, wrong framing, wrong content, failures).</summary>
    public long Unexpected { get; }

    public IReadOnlyList<string> UnexpectedSamples { get; }

    /// <summary>Gets the CPU time the server process used during the phase.</summary>
    public TimeSpan ServerCpu { get; }

    /// <summary>Gets the CPU time the load generator (this process) used during the phase.</summary>
    public TimeSpan ClientCpu { get; }

    /// <summary>
    /// Gets the share of the machine's CPU capacity used by processes other than the server and the load generator
    /// during the phase (NaN where unknown): a busy neighbour makes a phase slower for reasons of its own.
    /// </summary>
    public double OtherCpuShare { get; }

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double ServerCpuMicrosecondsPerRequest => Requests == 0 ? double.NaN : ServerCpu.TotalMicroseconds / Requests;

    public double ClientCpuMicrosecondsPerRequest => Requests == 0 ? double.NaN : ClientCpu.TotalMicroseconds / Requests;
}
