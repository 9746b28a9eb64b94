namespace AgentAirlock.Benchmarks.Micro;

/// <summary>How many bytes of text one call of the benchmark method processes, for <see cref="ThroughputColumn"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BytesPerOperationAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}
