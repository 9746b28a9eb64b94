using System.Globalization;
using AgentAirlock.Benchmarks.Experiment;
using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// <c>load --experiment</c>: the same sample server six times, each with one more piece of what Airlock does in front
/// of the SDK (nothing; an async pass-through layer; buffering the body into a MemoryStream; buffering and parsing;
/// Airlock with anonymous callers passed by a Permissive default; Airlock as shipped with the admin's key), driven in rotation. The differences in server CPU per request say which piece costs what in a real server.
/// </summary>
internal static class CostExperiment
{
    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var servers = new List<SampleServer>();
        var generators = new List<LoadGenerator>();
        try
        {
            foreach (string variant in ExperimentHost.Variants)
            {
                IReadOnlyList<string> configuration = variant == "validation" ? SampleServerSettings.Validation : SampleServerSettings.Full;
                SampleServer server = await SampleServer.StartExperimentAsync(variant, options.Settings, configuration, cancellationToken);
                servers.Add(server);
                generators.Add(new LoadGenerator(server.McpEndpoint, options.Connections));
                Console.WriteLine($"{variant,-13} server: pid {server.ProcessId}, {server.McpEndpoint}");
            }

            ResponseCheck toolResult = ResponseCheck.ToolResult("1", "5");
            LoadConfiguration[] configurations = [.. servers.Select((s, i) => new LoadConfiguration(s.Name, s, generators[i], SampleCalls.Add, toolResult,
                s.Name == "full" ? DemoAgents.AdminKey : null))];

            // The Airlock variants must really be Airlock: they refuse a ghost argument.
            foreach (LoadConfiguration airlock in configurations.Where(c => c.Name is "validation" or "full"))
            {
                (System.Net.HttpStatusCode status, _, string body) = await airlock.Generator.SendOnceAsync(SampleCalls.GhostArgument, airlock.ApiKey, cancellationToken);
                if (status != System.Net.HttpStatusCode.OK || !body.Contains("AIRLOCK_BLOCK", StringComparison.Ordinal))
                {
                    Console.WriteLine($"The {airlock.Name} variant did not refuse a ghost argument: {(int)status} {body}");
                    return 1;
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Warm-up: {LoadBenchmark.InitialWarmupSeconds} s per variant, then {options.Rounds} round(s) of "
                + $"[{options.WarmupSeconds} s warm-up + {options.Seconds} s measured] × {configurations.Length} variants, the order rotated every round.");
            foreach (LoadConfiguration configuration in configurations)
            {
                await configuration.RunAsync(TimeSpan.FromSeconds(LoadBenchmark.InitialWarmupSeconds));
            }

            Console.WriteLine();
            Console.WriteLine("round  variant           req/s        p50        p99   server CPU/req   unexpected");
            for (int round = 1; round <= options.Rounds; round++)
            {
                for (int i = 0; i < configurations.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    LoadConfiguration configuration = configurations[(i + round - 1) % configurations.Length];
                    if (options.WarmupSeconds > 0)
                    {
                        await configuration.RunAsync(TimeSpan.FromSeconds(options.WarmupSeconds));
                    }

                    PhaseResult result = await configuration.RunAsync(TimeSpan.FromSeconds(options.Seconds));
                    configuration.Results.Add(result);
                    Console.WriteLine(LoadBenchmark.Row(round.ToString(CultureInfo.InvariantCulture), configuration.Name, result.RequestsPerSecond,
                        result.LatencyTicks, result.ServerCpuMicrosecondsPerRequest, result.Unexpected));
                }
            }

            PrintSummary(configurations);
            return configurations.Sum(c => c.Results.Sum(r => r.Unexpected)) == 0 ? 0 : 1;
        }
        finally
        {
            generators.ForEach(g => g.Dispose());
            servers.ForEach(s => s.Dispose());
        }
    }

    private static void PrintSummary(LoadConfiguration[] configurations)
    {
        Console.WriteLine();
        Console.WriteLine("Summary (all rounds): throughput and server CPU per request, against no middleware and against the previous variant");
        Console.WriteLine("variant           req/s   ×bare   server CPU/req   Δ vs bare   Δ vs previous   unexpected");
        double bareThroughput = Throughput(configurations[0]), bareCpu = CpuPerRequest(configurations[0]), previousCpu = bareCpu;
        foreach (LoadConfiguration configuration in configurations)
        {
            double throughput = Throughput(configuration), cpu = CpuPerRequest(configuration);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{configuration.Name,-13} {throughput,9:0} {throughput / bareThroughput,7:0.000} {cpu,13:0.0} µs {cpu - bareCpu,8:+0.0;-0.0;0.0} µs {cpu - previousCpu,12:+0.0;-0.0;0.0} µs {configuration.Results.Sum(r => r.Unexpected),12}"));
            previousCpu = cpu;
        }
    }

    private static double Throughput(LoadConfiguration configuration) =>
        configuration.Results.Sum(r => r.Requests) / configuration.Results.Sum(r => r.Elapsed.TotalSeconds);

    private static double CpuPerRequest(LoadConfiguration configuration) =>
        configuration.Results.Sum(r => r.ServerCpu.TotalMicroseconds) / configuration.Results.Sum(r => r.Requests);
}
