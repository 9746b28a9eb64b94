namespace AgentAirlock.Sandbox;

/// <summary>A backend that has work to do before the first call: a probe of the platform, a pool to fill.</summary>
internal interface ISandboxWarmUp
{
    /// <summary>Starts the work; failures are the backend's to log and to report on the next call.</summary>
    Task WarmUpAsync(CancellationToken cancellationToken);
}
