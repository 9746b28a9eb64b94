namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>The sample twice: with Airlock (root appsettings.json) and with <c>Airlock:Enabled=false</c>, for comparisons.</summary>
public sealed class SamplePair : IDisposable
{
    public DefaultSampleFactory WithAirlock { get; } = new();

    public DisabledSampleFactory WithoutAirlock { get; } = new();

    public void Dispose()
    {
        WithAirlock.Dispose();
        WithoutAirlock.Dispose();
    }
}
