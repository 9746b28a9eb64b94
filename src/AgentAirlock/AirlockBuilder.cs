using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock;

internal sealed class AirlockBuilder(IServiceCollection services) : IAirlockBuilder
{
    public IServiceCollection Services { get; } = services;
}
