using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock;

/// <summary>
/// Returned by <c>AddAirlock</c>, for further configuration of Airlock's services.
/// </summary>
public interface IAirlockBuilder
{
    /// <summary>Gets the service collection Airlock is registered in.</summary>
    IServiceCollection Services { get; }
}
