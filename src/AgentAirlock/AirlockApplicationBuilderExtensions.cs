using AgentAirlock;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;
using AgentAirlock.Validation;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable IDE0130 // Extension methods live in the namespace of the type they extend, by convention.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>
/// Adds Airlock's layers to the request pipeline, in front of the MCP endpoints mapped with <c>MapMcp</c>.
/// </summary>
/// <remarks>
/// Call these after routing (minimal hosting adds routing first) and before <c>MapMcp</c>. Every layer shares
/// one parse of the request, made by the first Airlock layer in the pipeline.
/// </remarks>
public static class AirlockApplicationBuilderExtensions
{
    private const string EnvelopeAddedKey = "AgentAirlock.EnvelopeAdded";

    /// <summary>
    /// Adds every Airlock layer in the order of the design: envelope, policy, validation, then the sanitizer.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseAirlock(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseAirlockPolicy().UseAirlockValidation().UseAirlockSanitizer();
    }

    /// <summary>
    /// Adds the policy layer: callers are identified from <c>HttpContext.User</c> (HTTP 401 where a policy requires
    /// it), each <c>tools/call</c> is checked against the caller's policies (allowed and denied tools, time windows,
    /// rate limits) and each <c>tools/list</c> result shows only the tools the caller may call now.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseAirlockPolicy(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        UseEnvelope(app);
        return app.UseMiddleware<PolicyMiddleware>();
    }

    /// <summary>
    /// Adds the validation layer: unknown tools, ghost arguments and strict argument types are refused with a
    /// self-healing answer before the MCP SDK sees the call.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseAirlockValidation(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        UseEnvelope(app);
        return app.UseMiddleware<ValidationMiddleware>();
    }

    /// <summary>
    /// Adds the sanitizer layer: personal data and secrets in every <c>tools/call</c> result (text blocks, embedded
    /// resources, structured content) are masked and long text is truncated, as the result streams out; optionally,
    /// calls whose arguments carry a secret are refused or masked.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseAirlockSanitizer(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        UseEnvelope(app);
        return app.UseMiddleware<SanitizerMiddleware>();
    }

    private static void UseEnvelope(IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<AirlockMarkerService>() is null)
        {
            throw new InvalidOperationException(
                "Airlock's services are not registered. Call builder.Services.AddAirlock(builder.Configuration) before app.UseAirlock().");
        }

        if (app.Properties.ContainsKey(EnvelopeAddedKey))
        {
            return;
        }

        app.Properties[EnvelopeAddedKey] = true;
        app.UseMiddleware<McpEnvelopeMiddleware>();
    }
}
