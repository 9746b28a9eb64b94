using AgentAirlock.Benchmarks.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace AgentAirlock.Benchmarks.Experiment;

/// <summary>
/// <c>serve --variant NAME ...</c>: the sample server (same tools, same root appsettings.json, same Serilog, Airlock and
/// API-key authentication registrations as samples/AirlockSample/Program.cs) with one chosen middleware in front of
/// <c>MapMcp</c>, so that the load benchmark's <c>--experiment</c> can take Airlock's cost apart: an extra async layer,
/// the body swap, the parse, and Airlock itself (<c>validation</c> and <c>full</c> both run <c>UseAirlock()</c>; the
/// experiment starts the first with <c>DefaultPolicy=Permissive</c> and calls it without a key, the second as shipped
/// with the admin's key).
/// </summary>
internal static class ExperimentHost
{
    public static readonly string[] Variants = ["bare", "passthrough", "buffer", "buffer+parse", "validation", "full"];

    public static async Task<int> RunAsync(string[] args)
    {
        int index = Array.IndexOf(args, "--variant");
        string variant = index >= 0 && index + 1 < args.Length ? args[index + 1] : string.Empty;
        if (!Variants.Contains(variant))
        {
            await Console.Error.WriteLineAsync($"serve --variant {string.Join('|', Variants)} [host arguments]");
            return 2;
        }

        string[] hostArgs = [.. args.Where((_, i) => i != index && i != index + 1)];
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            ContentRootPath = RepositoryRoot.Find(),
        });
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services));
        SampleHost.AddSampleServices(builder);

        WebApplication app = builder.Build();
        switch (variant)
        {
            case "passthrough":
                app.UseMiddleware<PassThroughMiddleware>();
                break;
            case "buffer":
                app.UseMiddleware<BufferingMiddleware>(false);
                break;
            case "buffer+parse":
                app.UseMiddleware<BufferingMiddleware>(true);
                break;
            case "validation" or "full":
                app.UseAirlock();
                break;
        }

        app.MapMcp("/mcp");
        app.MapGet("/", () => "Agent Airlock benchmark experiment host: " + variant);
        await app.RunAsync();
        return 0;
    }
}
