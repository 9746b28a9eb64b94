using AgentAirlock;
using AgentAirlock.Audit;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using AgentAirlock.Sandbox;
using AgentAirlock.Sandbox.Bubblewrap;
using AgentAirlock.Sandbox.E2B;
using AgentAirlock.Sanitization;
using AgentAirlock.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog.Core;
using ModelContextProtocol.Server;

#pragma warning disable IDE0130 // Extension methods live in the namespace of the type they extend, by convention.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Registers Agent Airlock's services.
/// </summary>
public static class AirlockServiceCollectionExtensions
{
    /// <summary>
    /// Adds Airlock, bound to the <c>Airlock</c> section of <paramref name="configuration"/> and reloaded when it changes.
    /// Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration (its <c>Airlock</c> section is read).</param>
    /// <returns>A builder for further Airlock configuration.</returns>
    public static IAirlockBuilder AddAirlock(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        IAirlockBuilder builder = services.AddAirlock();
        IConfigurationSection section = configuration.GetSection(AirlockOptions.SectionName);
        services.AddOptions<AirlockOptions>().Bind(section);
        services.AddSingleton(new AirlockConfigurationSection(section));
        return builder;
    }

    /// <summary>
    /// Adds Airlock, configured in code. Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder for further Airlock configuration.</returns>
    public static IAirlockBuilder AddAirlock(this IServiceCollection services, Action<AirlockOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        IAirlockBuilder builder = services.AddAirlock();
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds Airlock with its default options (configure them with the <see cref="AirlockOptions"/> options pattern).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for further Airlock configuration.</returns>
    public static IAirlockBuilder AddAirlock(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<AirlockOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AirlockOptions>, AirlockOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AirlockMarkerService>();
        services.TryAddSingleton<AirlockOptionsAccessor>();
        services.TryAddSingleton<AirlockTelemetry>();
        services.TryAddSingleton<IDecisionSink, DecisionSink>();
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<ISensitiveTextMasker, SensitiveTextMasker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILogEventEnricher, LogMaskingEnricher>());
        services.AddHttpContextAccessor();
        services.TryAddSingleton<McpResponseWriter>();
        services.TryAddSingleton<PolicySetProvider>();
        services.TryAddSingleton<RateLimitService>();
        services.TryAddSingleton<SanitizerSettingsProvider>();
        services.TryAddSingleton<SanitizerCallToolFilter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<McpServerOptions>, AirlockFilterSetup>());
        services.TryAddSingleton<McpServerToolCatalog>();
        services.TryAddSingleton<IToolCatalog>(static sp => sp.GetRequiredService<McpServerToolCatalog>());
        services.TryAddSingleton<IToolDirectory>(static sp => sp.GetRequiredService<McpServerToolCatalog>());
        AddSandbox(services);
        return new AirlockBuilder(services);
    }

    /// <summary>
    /// The sandbox: the call-tool filter (added to the MCP server's filters through its options) and the backend chosen
    /// by <c>Airlock:Sandbox:Backend</c> at start-up, unless the application registered its own <see cref="ISandbox"/>.
    /// </summary>
    private static void AddSandbox(IServiceCollection services)
    {
        services.TryAddSingleton<SandboxedToolSelector>();
        services.TryAddSingleton<SandboxCallToolFilter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SandboxStartup>());
        services.AddE2BSandboxClients();
        services.TryAddSingleton<ISandbox>(static sp =>
            sp.GetRequiredService<IOptionsMonitor<AirlockOptions>>().CurrentValue.Sandbox.Backend == SandboxBackend.E2B
                ? ActivatorUtilities.CreateInstance<E2BSandbox>(sp)
                : ActivatorUtilities.CreateInstance<BubblewrapSandbox>(sp));
    }
}
