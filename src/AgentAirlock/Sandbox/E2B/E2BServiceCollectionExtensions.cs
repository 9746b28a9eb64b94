using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>Registers the HTTP clients of the E2B backend.</summary>
internal static class E2BServiceCollectionExtensions
{
    /// <summary>The named client for E2B's control plane (create, set-timeout, kill).</summary>
    public const string ControlPlaneClientName = "AgentAirlock.E2B.ControlPlane";

    /// <summary>The named client for envd, the agent inside each sandbox (files, processes).</summary>
    public const string EnvdClientName = "AgentAirlock.E2B.Envd";

    /// <summary>
    /// Adds the named clients <see cref="E2BSandbox"/> uses. Their own timeout is infinite: every call is bounded by the
    /// invocation's deadline (and the process stream must outlive any fixed request timeout), as the reference advises.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddE2BSandboxClients(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(ControlPlaneClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => CreateHandler());
        services.AddHttpClient(EnvdClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => CreateHandler());
        return services;
    }

    // No automatic decompression: Airlock never sends Accept-Encoding, so envd never compresses, and a compressed
    // Connect frame is then a protocol error rather than something to inflate.
    private static SocketsHttpHandler CreateHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };
}
