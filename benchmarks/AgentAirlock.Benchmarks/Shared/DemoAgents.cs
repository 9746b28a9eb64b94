using System.Security.Claims;
using AgentAirlock.Policy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.Benchmarks.Shared;

/// <summary>
/// The sample's two demo agents (README, "The policy layer") and the configuration they are defined in: the root
/// appsettings.json's <c>Airlock</c> section, bound the way <c>AddAirlock(configuration)</c> binds it.
/// </summary>
internal static class DemoAgents
{
    /// <summary>Role <c>admin</c>: every tool, <c>delete_*</c> only 09:00–17:00 Monday to Friday (UTC).</summary>
    public const string AdminKey = "airlock-demo-admin";

    /// <summary>Role <c>reader</c>: the ReadOnly globs and 30 calls per minute per agent.</summary>
    public const string ReaderKey = "airlock-demo-reader";

    /// <summary>Anonymous callers get the default policy; these overrides make it Permissive (the "validation" configuration).</summary>
    public static IReadOnlyDictionary<string, string?> PermissiveDefault { get; } = new Dictionary<string, string?>
    {
        ["Airlock:Policy:DefaultPolicy"] = PolicyOptions.Permissive,
    };

    /// <summary>Binds the root appsettings.json's <c>Airlock</c> section, with <paramref name="overrides"/> laid over it.</summary>
    public static AirlockOptions LoadOptions(IReadOnlyDictionary<string, string?>? overrides = null, string? repositoryRoot = null)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot.Find(repositoryRoot), "appsettings.json"), optional: false, reloadOnChange: false)
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();
        var options = new AirlockOptions();
        configuration.GetSection(AirlockOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>Compiles the policies as the policy layer does, failing loudly where the configuration is wrong.</summary>
    public static PolicySet Compile(AirlockOptions options)
    {
        var errors = new List<string>();
        return PolicySet.Compile(options.Policy, errors)
            ?? throw new InvalidOperationException("The policy configuration does not compile: " + string.Join(" ", errors));
    }

    /// <summary>
    /// Runs the real API-key scheme of <paramref name="services"/> once for <paramref name="apiKey"/> and returns the
    /// principal it produced, so that identities built from it carry exactly the handler's claims.
    /// </summary>
    public static async Task<ClaimsPrincipal> AuthenticateAsync(IServiceProvider services, string apiKey)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers[AirlockApiKeyDefaults.HeaderName] = apiKey;
        AuthenticateResult result = await context.AuthenticateAsync(AirlockApiKeyDefaults.AuthenticationScheme);
        return result.Succeeded
            ? result.Principal
            : throw new InvalidOperationException($"The API-key scheme refused the demo key: {result.Failure?.Message ?? "no result"}");
    }

    /// <summary>The identity the policy layer reads from a request authenticated as <paramref name="user"/> (anonymous when null).</summary>
    public static AgentIdentity Identity(ClaimsPrincipal? user, AirlockOptions options)
    {
        var context = new DefaultHttpContext();
        if (user is not null)
        {
            context.User = user;
        }

        return AgentIdentity.From(context, options.Policy.Identity);
    }
}
