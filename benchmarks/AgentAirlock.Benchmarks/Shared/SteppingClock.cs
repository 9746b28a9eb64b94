using System.Diagnostics;

namespace AgentAirlock.Benchmarks.Shared;

/// <summary>
/// A clock that moves on by a fixed step every time it is read. A token bucket read through it regains exactly
/// <c>step × rate</c> tokens per call, so a benchmark can take millions of tokens from the sample's real
/// 30-per-minute bucket and stay on the admitted path, instead of measuring refusals after the 30th call.
/// </summary>
internal sealed class SteppingClock : TimeProvider
{
    private readonly long _step;
    private long _timestamp;

    public SteppingClock(TimeSpan step)
    {
        _step = (long)(step.TotalSeconds * Stopwatch.Frequency);
        _timestamp = Stopwatch.GetTimestamp();
    }

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => Interlocked.Add(ref _timestamp, _step);
}
