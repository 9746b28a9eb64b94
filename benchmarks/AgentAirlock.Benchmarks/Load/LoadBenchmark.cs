using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// The loopback load benchmark: the sample server twice, bare (<c>Airlock:Enabled=false</c>) and with Airlock,
/// driven in the same run in alternation (bare, airlock, then airlock, bare, …; each with a warm-up) so that drift of
/// the machine hits both alike; then refused calls against the Airlock server.
/// </summary>
internal static class LoadBenchmark
{
    private const double ThroughputTarget = 0.93;
    internal const int InitialWarmupSeconds = 6;
    private const int VerificationRejected = 1000;
    private const int VerificationValid = 25;
    private const int ControlGhosts = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        PrintHeader(options);
        if (options.Experiment)
        {
            return await CostExperiment.RunAsync(options, cancellation.Token);
        }

        if (!await EnsureSampleBuiltAsync(options))
        {
            return 2;
        }

        Task<SampleServer> startBare = SampleServer.StartAsync("bare", options, airlock: false, cancellation.Token);
        Task<SampleServer> startAirlock = options.Calibrate
            ? SampleServer.StartAsync("bare-B", options, airlock: false, cancellation.Token)
            : SampleServer.StartAsync("airlock", options, airlock: true, cancellation.Token);
        try
        {
            await Task.WhenAll(startBare, startAirlock);
        }
        catch
        {
            DisposeStarted(startBare);
            DisposeStarted(startAirlock);
            throw;
        }

        using SampleServer bare = startBare.Result;
        using SampleServer airlock = startAirlock.Result;
        using var bareLoad = new LoadGenerator(bare.McpEndpoint, options.Connections);
        using var airlockLoad = new LoadGenerator(airlock.McpEndpoint, options.Connections);
        Console.WriteLine($"bare    server: pid {bare.ProcessId}, {bare.McpEndpoint} (--Airlock:Enabled=false)");
        Console.WriteLine($"{airlock.Name,-7} server: pid {airlock.ProcessId}, {airlock.McpEndpoint}{(options.Calibrate ? " (--Airlock:Enabled=false)" : string.Empty)}");

        ResponseCheck toolResult = ResponseCheck.ToolResult("1", "5");
        ResponseCheck blocked = ResponseCheck.AirlockBlock("5", "ghost_arguments");
        LoadConfiguration[] configurations = options.Calibrate
            ? [new("bare", bare, bareLoad, SampleCalls.Add, toolResult), new("bare-B", airlock, airlockLoad, SampleCalls.Add, toolResult)]
            :
            [
                new("bare", bare, bareLoad, SampleCalls.Add, toolResult),
                new("airlock", airlock, airlockLoad, SampleCalls.Add, toolResult),
                new("rejected", airlock, airlockLoad, SampleCalls.GhostArgument, blocked),
            ];

        if (!options.Calibrate && !await CheckServersAsync(bareLoad, airlockLoad, toolResult, blocked, cancellation.Token))
        {
            return 1;
        }

        Console.WriteLine();
        // The rejected calls go to the Airlock server only after every bare/airlock round: a burst of a very different
        // workload (the runtime adapts its GC budget and thread pool to it) would otherwise handicap the airlock round after it.
        LoadConfiguration[] compared = configurations[..2];
        LoadConfiguration[] after = configurations[2..];
        int afterRounds = Math.Max(1, options.Rounds / 2);
        Console.WriteLine($"Warm-up: {InitialWarmupSeconds} s per configuration; then {options.Rounds} round(s) of {compared[0].Name} and {compared[1].Name} "
            + $"alternating (ABBA), each [{options.WarmupSeconds} s warm-up + {options.Seconds} s measured]"
            + (after.Length > 0 ? $"; then {afterRounds} round(s) of {string.Join(", ", after.Select(c => c.Name))}." : "."));
        foreach (LoadConfiguration configuration in compared)
        {
            await configuration.RunAsync(TimeSpan.FromSeconds(InitialWarmupSeconds));
        }

        Console.WriteLine();
        Console.WriteLine("round  configuration     req/s        p50        p99   server CPU/req   unexpected   load generator CPU/req   other processes");
        for (int round = 1; round <= options.Rounds; round++)
        {
            // Bare and airlock swap places every round (ABBA), so neither always runs first.
            await RunRoundAsync(round, round % 2 == 1 ? compared : [compared[1], compared[0]], options, cancellation.Token);
        }

        if (after.Length > 0)
        {
            foreach (LoadConfiguration configuration in after)
            {
                await configuration.RunAsync(TimeSpan.FromSeconds(InitialWarmupSeconds));
            }

            for (int round = 1; round <= afterRounds; round++)
            {
                await RunRoundAsync(round, after, options, cancellation.Token);
            }
        }

        bool answersOk = PrintSummary(configurations);
        Console.WriteLine($"load average after: {MachineCpu.LoadAverage()}");
        bool sdkOk = options.Calibrate || await VerifyRefusalsSkipSdkAsync(bare, airlock, bareLoad, airlockLoad, toolResult, blocked, cancellation.Token);
        if (options.RuntimeCounters)
        {
            await PrintRuntimeCountersAsync(configurations, TimeSpan.FromSeconds(options.Seconds));
        }

        if (options.Profile)
        {
            await PrintProfilesAsync(configurations, TimeSpan.FromSeconds(options.Seconds));
        }

        return answersOk && sdkOk ? 0 : 1;
    }

    private static async Task RunRoundAsync(int round, LoadConfiguration[] order, LoadOptions options, CancellationToken cancellationToken)
    {
        foreach (LoadConfiguration configuration in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.WarmupSeconds > 0)
            {
                await configuration.RunAsync(TimeSpan.FromSeconds(options.WarmupSeconds));
            }

            PhaseResult result = await configuration.RunAsync(TimeSpan.FromSeconds(options.Seconds));
            configuration.Results.Add(result);
            Console.WriteLine(Row(round.ToString(CultureInfo.InvariantCulture), configuration.Name, result.RequestsPerSecond,
                result.LatencyTicks, result.ServerCpuMicrosecondsPerRequest, result.Unexpected)
                + string.Create(CultureInfo.InvariantCulture, $" {result.ClientCpuMicrosecondsPerRequest,21:0} µs {result.OtherCpuShare,13:0%} CPU"));
        }
    }

    private static void PrintHeader(LoadOptions options)
    {
        Console.WriteLine("Agent Airlock loopback load benchmark");
        Console.WriteLine($"date {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; "
            + $"{Environment.ProcessorCount} logical cores");
        Console.WriteLine($"NOTE: the servers and this load generator share these {Environment.ProcessorCount} cores; read the figures as a comparison, not as capacity.");
        Console.WriteLine($"sample: {options.SampleDll}");
        Console.WriteLine($"load: {options.Connections} connections, {options.Connections} workers, closed loop; "
            + $"tools/call add(2, 3), MCP-Protocol-Version 2025-11-25, Accept: {SampleCall.AcceptBoth}");
        Console.WriteLine($"server logging: Serilog Default=Warning, AgentAirlock={options.AirlockLogLevel}");
        Console.WriteLine($"load average before: {MachineCpu.LoadAverage()}");
        Console.WriteLine();
    }

    private static async Task<bool> EnsureSampleBuiltAsync(LoadOptions options)
    {
        if (File.Exists(options.SampleDll))
        {
            WarnIfStale(options.SampleDll, options.RepositoryRoot);
            return true;
        }

        if (!options.SampleDllIsDefault)
        {
            await Console.Error.WriteLineAsync($"The sample server '{options.SampleDll}' does not exist.");
            return false;
        }

        Console.WriteLine($"{options.SampleDll} is missing; building the sample (Release)…");
        string project = Path.Combine(options.RepositoryRoot, "samples", "AirlockSample", "AirlockSample.csproj");
        var build = new ProcessStartInfo("dotnet") { WorkingDirectory = options.RepositoryRoot, UseShellExecute = false };
        foreach (string argument in new[] { "build", "-c", "Release", project, "-nologo", "-v", "q" })
        {
            build.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(build) ?? throw new InvalidOperationException("Could not start dotnet build.");
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && File.Exists(options.SampleDll);
    }

    /// <summary>Says so when a source file of the library or the sample is newer than the sample's build.</summary>
    private static void WarnIfStale(string sampleDll, string repositoryRoot)
    {
        DateTime built = File.GetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(sampleDll)!, "AgentAirlock.dll"));
        string? newer = new[] { Path.Combine(repositoryRoot, "src", "AgentAirlock"), Path.Combine(repositoryRoot, "samples", "AirlockSample") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > built);
        if (newer is not null)
        {
            Console.WriteLine($"WARNING: {Path.GetRelativePath(repositoryRoot, newer)} is newer than {sampleDll}; the figures may describe an older build "
                + "(rebuild the sample with dotnet build -c Release, or pass --sample-dll).");
        }
    }

    private static void DisposeStarted(Task<SampleServer> start)
    {
        if (start.IsCompletedSuccessfully)
        {
            start.Result.Dispose();
        }
    }

    /// <summary>Proves each server is what its label says before anything is measured.</summary>
    private static async Task<bool> CheckServersAsync(LoadGenerator bare, LoadGenerator airlock, ResponseCheck toolResult, ResponseCheck blocked, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("Sanity checks:");
        bool ok = true;
        ok &= await ExpectAsync("bare    add(2, 3)      ", bare, SampleCalls.Add, toolResult, cancellationToken);
        ok &= await ExpectAsync("airlock add(2, 3)      ", airlock, SampleCalls.Add, toolResult, cancellationToken);

        // Without Airlock the SDK drops the undeclared argument and runs the tool: the reason Airlock exists.
        ok &= await ExpectAsync("bare    add(2, 3, c: 4)", bare, SampleCalls.GhostArgument, ResponseCheck.ToolResult("5", "5"), cancellationToken);
        ok &= await ExpectAsync("airlock add(2, 3, c: 4)", airlock, SampleCalls.GhostArgument, blocked, cancellationToken);
        return ok;
    }

    private static async Task<bool> ExpectAsync(string label, LoadGenerator generator, SampleCall call, ResponseCheck check, CancellationToken cancellationToken)
    {
        (System.Net.HttpStatusCode status, string? mediaType, string body) = await generator.SendOnceAsync(call, cancellationToken);
        string? problem = check.Problem(status, mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType), System.Text.Encoding.UTF8.GetBytes(body));
        Console.WriteLine($"  {label} → {(problem is null ? "ok: " + check : "UNEXPECTED: " + problem)}");
        return problem is null;
    }

    internal static string Row(string round, string name, double requestsPerSecond, long[] latencies, double cpuPerRequest, long unexpected) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{round,5}  {name,-13} {requestsPerSecond,9:0} {Latency.Format(Latency.Percentile(latencies, 50)),10} "
            + $"{Latency.Format(Latency.Percentile(latencies, 99)),10} {cpuPerRequest,13:0} µs {unexpected,12}");

    private static bool PrintSummary(LoadConfiguration[] configurations)
    {
        Console.WriteLine();
        Console.WriteLine("Summary (all rounds; req/s = requests / measured time, percentiles over every recorded request):");
        Console.WriteLine("configuration     req/s        p50        p99   server CPU/req   unexpected     requests");
        foreach (LoadConfiguration configuration in configurations)
        {
            List<PhaseResult> results = configuration.Results;
            long requests = results.Sum(r => r.Requests);
            double seconds = results.Sum(r => r.Elapsed.TotalSeconds);
            long[] latencies = Latency.Merge(results.Select(r => r.LatencyTicks));
            double cpu = results.Sum(r => r.ServerCpu.TotalMicroseconds) / requests;
            Console.WriteLine(Row(string.Empty, configuration.Name, requests / seconds, latencies, cpu, results.Sum(r => r.Unexpected)).TrimStart()
                + string.Create(CultureInfo.InvariantCulture, $" {requests,12}"));
        }

        LoadConfiguration bare = configurations[0], other = configurations[1];
        double[] ratios = [.. bare.Results.Zip(other.Results, (b, a) => a.RequestsPerSecond / b.RequestsPerSecond)];
        double pooled = Throughput(other) / Throughput(bare);
        double median = Median(ratios);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput {other.Name}/bare: {pooled:0.000} over all rounds; per round {string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))} (median {median:0.000})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server CPU per request: {other.Name} − bare = {CpuPerRequest(other) - CpuPerRequest(bare):0} µs; bare/{other.Name} = {CpuPerRequest(bare) / CpuPerRequest(other):0.000}")
            + " (the throughput ratio of a CPU-bound server, less sensitive to what else runs on the machine)");
        if (configurations.Length > 2)
        {
            LoadConfiguration rejected = configurations[2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target ≥ {ThroughputTarget:0.00} × bare: {(pooled >= ThroughputTarget ? "MET" : "MISSED")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rejected/bare throughput: {Throughput(rejected) / Throughput(bare):0.00}×; server CPU per rejected call {CpuPerRequest(rejected):0} µs vs {CpuPerRequest(bare):0} µs per bare call"));
        }
        else
        {
            Console.WriteLine("calibration (A/A): both servers are bare; the spread of the per-round ratios around 1 is the noise of this measurement");
        }

        bool ok = true;
        foreach (LoadConfiguration configuration in configurations)
        {
            long unexpected = configuration.Results.Sum(r => r.Unexpected);
            if (unexpected == 0)
            {
                continue;
            }

            ok = false;
            Console.WriteLine($"UNEXPECTED ANSWERS in {configuration.Name} ({unexpected}; expected {configuration.Check}):");
            foreach (string sample in configuration.Results.SelectMany(r => r.UnexpectedSamples).Distinct().Take(5))
            {
                Console.WriteLine("  " + sample);
            }
        }

        if (ok)
        {
            Console.WriteLine("every response was the expected answer (HTTP 200 and the expected tool result or blocked result)");
        }

        return ok;
    }

    /// <summary>
    /// Reads the SDK's own count of the tools/call requests it handled, in both servers, while sending ghost calls:
    /// the bare server's SDK handles every one, the Airlock server's SDK only the valid calls sent alongside.
    /// </summary>
    private static async Task<bool> VerifyRefusalsSkipSdkAsync(SampleServer bare, SampleServer airlock, LoadGenerator bareLoad, LoadGenerator airlockLoad,
        ResponseCheck toolResult, ResponseCheck blocked, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("Does a refused call reach the SDK? Counting tools/call requests in the SDK's own metric "
            + "(mcp.server.operation.duration, meter Experimental.ModelContextProtocol, read over EventPipe):");
        try
        {
            long bareSdk = await CountSdkToolCallsAsync(bare, async () =>
                await bareLoad.SendManyAsync(SampleCalls.GhostArgument, ResponseCheck.ToolResult("5", "5"), ControlGhosts, cancellationToken));
            Console.WriteLine($"  bare:    sent {ControlGhosts} ghost-argument calls → the SDK handled {bareSdk} tools/call (control: expected {ControlGhosts})");

            long unexpected = 0;
            long airlockSdk = await CountSdkToolCallsAsync(airlock, async () =>
            {
                unexpected += await airlockLoad.SendManyAsync(SampleCalls.GhostArgument, blocked, VerificationRejected, cancellationToken);
                unexpected += await airlockLoad.SendManyAsync(SampleCalls.Add, toolResult, VerificationValid, cancellationToken);
            });
            Console.WriteLine($"  airlock: sent {VerificationRejected} ghost-argument calls (refused) + {VerificationValid} valid calls → "
                + $"the SDK handled {airlockSdk} tools/call (expected {VerificationValid}){(unexpected > 0 ? $"; {unexpected} unexpected answers" : string.Empty)}");

            bool ok = bareSdk == ControlGhosts && airlockSdk == VerificationValid && unexpected == 0;
            Console.WriteLine(ok
                ? "  → refused calls never reached the SDK."
                : "  → MISMATCH: see the counts above.");
            return ok;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or OperationCanceledException
            or Microsoft.Diagnostics.NETCore.Client.ServerNotAvailableException)
        {
            Console.WriteLine("  could not read the SDK's metrics: " + exception.Message);
            return false;
        }
    }

    /// <summary>One more phase per configuration, reading what each request costs the server's runtime.</summary>
    private static async Task PrintRuntimeCountersAsync(LoadConfiguration[] configurations, TimeSpan duration)
    {
        Console.WriteLine();
        Console.WriteLine("Runtime counters of the server per request (meter System.Runtime over EventPipe; one extra phase per configuration):");
        var rows = new List<(string Name, long Requests, Dictionary<string, double> Totals)>();
        foreach (LoadConfiguration configuration in configurations)
        {
            using var counters = RuntimeCounters.Attach(configuration.Server.ProcessId);
            await counters.WaitForCollectionsAsync(2, TimeSpan.FromSeconds(15));
            Dictionary<string, double> before = counters.Snapshot();
            PhaseResult result = await configuration.RunAsync(duration);
            await counters.WaitForCollectionsAsync(2, TimeSpan.FromSeconds(15));
            Dictionary<string, double> after = counters.Snapshot();
            Dictionary<string, double> delta = after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.Ordinal);
            rows.Add((configuration.Name, result.Requests, delta));
        }

        Console.WriteLine("configuration   requests   allocated/req   GCs gen0/1/2 per 10k req   thread-pool items/req   lock contentions/1k req   exceptions/1k req");
        foreach ((string name, long requests, Dictionary<string, double> totals) in rows)
        {
            double Sum(string prefix) => totals.Where(p => p.Key == prefix || p.Key.StartsWith(prefix + "{", StringComparison.Ordinal)).Sum(p => p.Value);
            double Gc(string generation) => totals.Where(p => p.Key.StartsWith("dotnet.gc.collections{", StringComparison.Ordinal)
                && p.Key.Contains("gc.heap.generation=" + generation, StringComparison.Ordinal)).Sum(p => p.Value);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-13} {requests,10} {Sum("dotnet.gc.heap.total_allocated") / requests,13:0} B   "
                + $"{Gc("gen0") * 10_000 / requests,8:0.0} / {Gc("gen1") * 10_000 / requests:0.0} / {Gc("gen2") * 10_000 / requests:0.0}   "
                + $"{Sum("dotnet.thread_pool.work_item.count") / requests,21:0.00}   {Sum("dotnet.monitor.lock_contentions") * 1000 / requests,23:0.0}   "
                + $"{Sum("dotnet.exceptions") * 1000 / requests,17:0.0}"));
            foreach ((string key, double count) in totals.Where(p => p.Key.StartsWith("dotnet.exceptions{", StringComparison.Ordinal) && p.Value > 0))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {key}: {count:0}"));
            }
        }
    }

    /// <summary>One more phase per configuration under the CPU sampler: whose code a request's managed CPU time is spent in.</summary>
    private static async Task PrintProfilesAsync(LoadConfiguration[] configurations, TimeSpan duration)
    {
        (string Group, string Prefix)[] owners =
        [
            ("Airlock", "AgentAirlock."),
            ("MCP SDK", "ModelContextProtocol."),
            ("sample tools", "AirlockSample."),
            ("Serilog", "Serilog."),
        ];
        Console.WriteLine();
        Console.WriteLine("CPU profile (EventPipe sample profiler; one extra phase per configuration). Managed CPU per request by owner: the nearest");
        Console.WriteLine("Airlock / SDK / tool frame to the leaf owns a sample, so System.Text.Json and ASP.NET Core helpers count for their caller:");
        foreach (LoadConfiguration configuration in configurations)
        {
            using CpuProfile profile = CpuProfile.Start(configuration.Server.ProcessId);
            PhaseResult result = await configuration.RunAsync(duration);
            CpuProfileResult samples = await profile.StopAsync(owners, "Airlock");

            // One sample of a thread running managed code stands for about one millisecond of it.
            double PerRequest(long count) => count * 1000.0 / result.Requests;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {configuration.Name}: {result.Requests} requests, {samples.ManagedSamples} managed samples = {PerRequest(samples.ManagedSamples):0.0} µs managed CPU/request "
                + $"(all server CPU, with GC, JIT and kernel: {result.ServerCpuMicrosecondsPerRequest:0} µs/request)"));
            foreach ((string owner, long count) in samples.ByOwner.OrderByDescending(p => p.Value))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {owner,-38} {PerRequest(count),7:0.0} µs/request  {(double)count / Math.Max(1, samples.ManagedSamples),6:0.0%}"));
            }

            foreach ((string method, long count) in samples.ByMethod.OrderByDescending(p => p.Value).Take(8))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {PerRequest(count),6:0.00} µs  {method}"));
            }
        }
    }

    private static async Task<long> CountSdkToolCallsAsync(SampleServer server, Func<Task> traffic)
    {
        using var counter = SdkToolCallCounter.Attach(server.ProcessId);

        // Two published intervals: the listener is live and the instruments enabled before the traffic starts.
        await counter.WaitForCollectionsAsync(2, TimeSpan.FromSeconds(15));
        long before = counter.ToolCalls;
        await traffic();
        await counter.WaitForCollectionsAsync(3, TimeSpan.FromSeconds(15));
        return counter.ToolCalls - before;
    }

    private static double Throughput(LoadConfiguration configuration) =>
        configuration.Results.Sum(r => r.Requests) / configuration.Results.Sum(r => r.Elapsed.TotalSeconds);

    private static double CpuPerRequest(LoadConfiguration configuration) =>
        configuration.Results.Sum(r => r.ServerCpu.TotalMicroseconds) / configuration.Results.Sum(r => r.Requests);

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
