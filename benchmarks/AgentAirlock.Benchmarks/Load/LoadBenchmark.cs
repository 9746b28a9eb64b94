using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// The loopback load benchmark: the sample server three times, bare (<c>Airlock:Enabled=false</c>), "validation"
/// (Airlock, <c>DefaultPolicy=Permissive</c>, no key sent) and "full" (Airlock as shipped, the admin's API key sent),
/// driven in the same run in alternation (bare, validation, full, then full, validation, bare, …; each with a warm-up)
/// so that drift of the machine hits all alike; then refused calls against the full server.
/// </summary>
internal static class LoadBenchmark
{
    internal const int InitialWarmupSeconds = 6;
    private const string BaselineName = "full-base";
    private const int MaxExtraWarmupSeconds = 30;
    private const int VerificationRejected = 1000;
    private const int VerificationUnauthorized = 200;
    private const int VerificationPolicy = 200;
    private const int VerificationValid = 25;
    private const int ControlGhosts = 200;

    /// <summary>The e-mail address of the sample's <c>get_customer(42)</c> record, and its mask (Partial, the shipped strategy).</summary>
    private const string CustomerEmail = "jane.doe42@example.com";
    private const string MaskedCustomerEmail = "j***@example.com";

    /// <summary>The throughput targets of <c>add</c>: configuration name, minimum ratio to bare, and where the target comes from.</summary>
    private static readonly (string Name, double Target, string Source)[] AddTargets =
    [
        ("validation", 0.93, "issue 2, envelope + validation"),
        ("full", 0.90, "issue 3, API key + policy + validation"),
    ];

    /// <summary>The throughput target of <c>get_customer</c>, whose result the sanitizer masks.</summary>
    private static readonly (string Name, double Target, string Source)[] CustomerTargets =
    [
        ("full", 0.90, "issue 4, API key + policy + validation + sanitizer"),
    ];

    /// <summary>
    /// Checks the audit file of every server that wrote one: each request of every phase left one record, in one intact chain.
    /// </summary>
    private static void PrintAuditTrails(SampleServer[] servers)
    {
        Console.WriteLine();
        foreach (SampleServer server in servers)
        {
            string[] files = [.. Directory.GetFiles(server.AuditDirectory, "*.jsonl").Order(StringComparer.Ordinal)];
            if (files.Length == 0)
            {
                continue;
            }

            AgentAirlock.Audit.AuditVerificationResult verdict = AgentAirlock.Audit.AuditChainVerifier.Verify(files, requireGenesis: true);
            long bytes = files.Sum(f => new FileInfo(f).Length);
            Console.WriteLine(verdict.Intact
                ? $"audit trail of {server.Name}: {verdict.Records:N0} records ({bytes / verdict.Records:N0} bytes each) in {files.Length} file(s), chain intact from genesis"
                : $"audit trail of {server.Name}: BROKEN after {verdict.Records:N0} records: {verdict.Failure}");
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (await BenchmarkCommand.ParseAsync(LoadOptions.Parse, args) is not { } options)
        {
            return 2;
        }

        using CancellationTokenSource cancellation = BenchmarkCommand.CancelOnCtrlC();

        PrintHeader(options);
        if (options.Experiment)
        {
            return await CostExperiment.RunAsync(options, cancellation.Token);
        }

        if (!await EnsureSampleBuiltAsync(options.Settings))
        {
            return 2;
        }

        (string Name, IReadOnlyList<string> Configuration)[] plan = options.Calibrate
            ? [("bare", SampleServerSettings.Bare), ("bare-B", SampleServerSettings.Bare)]
            : [("bare", SampleServerSettings.Bare), ("validation", WithAudit(SampleServerSettings.Validation)), ("full", WithAudit(SampleServerSettings.Full))];
        if (options.HasBaseline)
        {
            plan = [.. plan, (BaselineName, WithAudit([.. SampleServerSettings.Full, .. options.BaselineConfiguration]))];
        }

        Task<SampleServer>[] starts = [.. plan.Select(p => SampleServer.StartAsync(p.Name,
            p.Name == BaselineName && options.BaselineDll is { } baseline ? options.Settings with { SampleDll = baseline, SampleDllIsDefault = false } : options.Settings,
            p.Configuration, cancellation.Token))];
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            foreach (Task<SampleServer> start in starts)
            {
                DisposeStarted(start);
            }

            throw;
        }

        SampleServer[] servers = [.. starts.Select(s => s.Result)];

        IReadOnlyList<string> WithAudit(IReadOnlyList<string> configuration) =>
            options.NoAudit ? [.. configuration, "--Airlock:Audit:Enabled=false"] : configuration;
        LoadGenerator[] generators = [.. servers.Select(s => new LoadGenerator(s.McpEndpoint, options.Connections))];
        try
        {
            for (int i = 0; i < servers.Length; i++)
            {
                Console.WriteLine($"{servers[i].Name,-10} server: pid {servers[i].ProcessId}, {servers[i].McpEndpoint} ({(plan[i].Configuration.Count == 0 ? "shipped configuration" : string.Join(' ', plan[i].Configuration))})"
                    + (plan[i].Name == BaselineName && options.BaselineDll is not null ? $" from {options.BaselineDll}" : string.Empty));
            }

            int result = await RunComparisonAsync(options, servers, generators, cancellation.Token);
            PrintAuditTrails(servers);
            return result;
        }
        finally
        {
            foreach (LoadGenerator generator in generators)
            {
                generator.Dispose();
            }

            foreach (SampleServer server in servers)
            {
                server.Dispose();
            }
        }
    }

    private static async Task<int> RunComparisonAsync(LoadOptions options, SampleServer[] servers, LoadGenerator[] generators, CancellationToken cancellationToken)
    {
        ResponseCheck toolResult = ResponseCheck.ToolResult("1", "5");
        ResponseCheck blocked = ResponseCheck.AirlockBlock("5", "ghost_arguments");
        SampleCall call = options.Tool;

        // get_customer's record leaves a bare server as it is and an Airlock server masked by the sanitizer.
        bool customer = call == SampleCalls.GetCustomer;
        ResponseCheck bareResult = customer ? ResponseCheck.CustomerRecord("2", CustomerEmail, MaskedCustomerEmail) : toolResult;
        ResponseCheck airlockResult = customer ? ResponseCheck.CustomerRecord("2", MaskedCustomerEmail, CustomerEmail) : toolResult;
        LoadConfiguration[] compared = options.Calibrate
            ? [new("bare", servers[0], generators[0], call, bareResult), new("bare-B", servers[1], generators[1], call, bareResult)]
            :
            [
                new("bare", servers[0], generators[0], call, bareResult),
                new("validation", servers[1], generators[1], call, airlockResult),
                new("full", servers[2], generators[2], call, airlockResult, DemoAgents.AdminKey),
            ];
        if (servers.Length > 3)
        {
            // A baseline without the sanitizer sends the record as the bare server does.
            bool unmasked = options.BaselineConfiguration.Contains("--Airlock:Sanitizer:Enabled=false", StringComparer.OrdinalIgnoreCase);
            compared = [.. compared, new(BaselineName, servers[3], generators[3], call, unmasked ? bareResult : airlockResult, DemoAgents.AdminKey)];
        }

        // The rejected calls go to the full server only after every comparison round: a burst of a very different
        // workload (the runtime adapts its GC budget and thread pool to it) would otherwise handicap the round after it.
        LoadConfiguration[] after = options.Calibrate
            ? []
            : [new("rejected", servers[2], generators[2], SampleCalls.GhostArgument, blocked, DemoAgents.AdminKey)];
        LoadConfiguration[] configurations = [.. compared, .. after];

        if (!await CheckServersAsync(compared, blocked, cancellationToken))
        {
            return 1;
        }

        Console.WriteLine();
        int afterRounds = Math.Max(1, options.Rounds / 2);
        Console.WriteLine($"Warm-up: {InitialWarmupSeconds} s per configuration, longer while its code is still being compiled; then {options.Rounds} round(s) of {string.Join(", ", compared.Select(c => c.Name))}, "
            + $"the order reversed every round, each [{options.WarmupSeconds} s warm-up + {options.Seconds} s measured]"
            + (after.Length > 0 ? $"; then {afterRounds} round(s) of {string.Join(", ", after.Select(c => c.Name))}." : "."));
        foreach (LoadConfiguration configuration in compared)
        {
            await WarmUpAsync(configuration);
        }

        Console.WriteLine();
        Console.WriteLine("round  configuration     req/s        p50        p99   server CPU/req   unexpected   load generator CPU/req   other processes");
        for (int round = 1; round <= options.Rounds; round++)
        {
            // The order reverses every round (A B C, C B A, …): over two rounds each configuration has the same mean
            // position, so a linear drift of the machine hits all alike.
            await RunRoundAsync(round, round % 2 == 1 ? compared : [.. compared.Reverse()], options, cancellationToken);
        }

        foreach (LoadConfiguration configuration in after)
        {
            await WarmUpAsync(configuration);
        }

        for (int round = 1; round <= afterRounds && after.Length > 0; round++)
        {
            await RunRoundAsync(round, after, options, cancellationToken);
        }

        bool answersOk = PrintSummary(compared, after, options.Calibrate, customer ? CustomerTargets : AddTargets);
        Console.WriteLine($"load average after: {MachineCpu.LoadAverage()}");
        // compared[2] is the full server (a baseline build, if any, comes after it).
        bool sdkOk = options.Calibrate || await VerifyRefusalsSkipSdkAsync(compared[0], compared[2], toolResult, blocked, cancellationToken);
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

    /// <summary>What a second of the tiered-compilation thread's CPU may be when the hot code counts as compiled (two ticks).</summary>
    private static readonly TimeSpan SettledCompilationPerSecond = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Warms a server up for <see cref="InitialWarmupSeconds"/>, then on in steps of a second while the runtime is still
    /// compiling its hot code (up to <see cref="MaxExtraWarmupSeconds"/> more). A server with more code (Airlock's layers)
    /// takes longer to reach its final code than the bare one, and was otherwise measured in its first round while its
    /// tiered-compilation thread still took a third of its CPU.
    /// </summary>
    private static async Task WarmUpAsync(LoadConfiguration configuration)
    {
        await configuration.RunAsync(TimeSpan.FromSeconds(InitialWarmupSeconds));
        int extra = 0;
        TimeSpan compiling = TimeSpan.Zero;
        while (extra < MaxExtraWarmupSeconds && configuration.Server.TieredCompilationCpuTimes() is { } before)
        {
            await configuration.RunAsync(TimeSpan.FromSeconds(1));
            extra++;
            compiling = TimeSpan.Zero;
            foreach ((int thread, TimeSpan time) in configuration.Server.TieredCompilationCpuTimes() ?? [])
            {
                compiling += time - before.GetValueOrDefault(thread);
            }

            if (compiling <= SettledCompilationPerSecond)
            {
                break;
            }
        }

        Console.WriteLine(extra == 0
            ? $"  {configuration.Name,-10} warmed up {InitialWarmupSeconds} s (its compilation thread cannot be read here)"
            : string.Create(CultureInfo.InvariantCulture,
                $"  {configuration.Name,-10} warmed up {InitialWarmupSeconds + extra} s (compiling {compiling.TotalMilliseconds:0} ms in the last second)"));
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
            + $"tools/call {CallLabel(options.Tool)}, MCP-Protocol-Version 2025-11-25, Accept: {SampleCall.AcceptBoth}; "
            + $"{AgentAirlock.Policy.AirlockApiKeyDefaults.HeaderName}: {DemoAgents.AdminKey} to the full server only");
        Console.WriteLine($"server logging: Serilog Default=Warning, AgentAirlock={options.AirlockLogLevel}");
        Console.WriteLine($"load average before: {MachineCpu.LoadAverage()}");
        Console.WriteLine();
    }

    internal static async Task<bool> EnsureSampleBuiltAsync(SampleServerSettings options)
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
    private static async Task<bool> CheckServersAsync(LoadConfiguration[] compared, ResponseCheck blocked, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("Sanity checks:");
        bool ok = true;
        foreach (LoadConfiguration configuration in compared)
        {
            ok &= await ExpectAsync(configuration, CallLabel(configuration.Call), configuration.Call, configuration.ApiKey, configuration.Check, cancellationToken);
        }

        if (compared.Length < 3)
        {
            return ok;
        }

        LoadConfiguration bare = compared[0], validation = compared[1], full = compared[2];

        // Without Airlock the SDK drops the undeclared argument and runs the tool: the reason Airlock exists.
        ok &= await ExpectAsync(bare, "add(2, 3, c: 4)", SampleCalls.GhostArgument, null, ResponseCheck.ToolResult("5", "5"), cancellationToken);
        ok &= await ExpectAsync(validation, "add(2, 3, c: 4)", SampleCalls.GhostArgument, null, blocked, cancellationToken);
        ok &= await ExpectAsync(full, "add(2, 3, c: 4)", SampleCalls.GhostArgument, DemoAgents.AdminKey, blocked, cancellationToken);

        // The shipped configuration is really in force on the full server: no key and a wrong key are 401, the reader may not call add.
        ok &= await ExpectAsync(full, "add(2, 3)", SampleCalls.Add, null, ResponseCheck.Unauthorized("1"), cancellationToken);
        ok &= await ExpectAsync(full, "add(2, 3)", SampleCalls.Add, "airlock-demo-nobody", ResponseCheck.Unauthorized("1"), cancellationToken);
        ok &= await ExpectAsync(full, "add(2, 3)", SampleCalls.Add, DemoAgents.ReaderKey, ResponseCheck.AirlockBlock("1", "policy_violation"), cancellationToken);
        return ok;
    }

    private static async Task<bool> ExpectAsync(LoadConfiguration target, string label, SampleCall call, string? apiKey, ResponseCheck check, CancellationToken cancellationToken)
    {
        (System.Net.HttpStatusCode status, string? mediaType, string body) = await target.Generator.SendOnceAsync(call, apiKey, cancellationToken);
        string? problem = check.Problem(status, mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType), System.Text.Encoding.UTF8.GetBytes(body));
        Console.WriteLine($"  {target.Name,-10} {label,-16} key {KeyLabel(apiKey),-20} → {(problem is null ? "ok: " + check : "UNEXPECTED: " + problem)}");
        return problem is null;
    }

    private static string KeyLabel(string? apiKey) => apiKey ?? "(none)";

    private static string CallLabel(SampleCall call) => call == SampleCalls.GetCustomer ? "get_customer(42)" : "add(2, 3)";

    internal static string Row(string round, string name, double requestsPerSecond, long[] latencies, double cpuPerRequest, long unexpected) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{round,5}  {name,-13} {requestsPerSecond,9:0} {Latency.Format(Latency.Percentile(latencies, 50)),10} "
            + $"{Latency.Format(Latency.Percentile(latencies, 99)),10} {cpuPerRequest,13:0} µs {unexpected,12}");

    private static bool PrintSummary(LoadConfiguration[] compared, LoadConfiguration[] after, bool calibrate, (string Name, double Target, string Source)[] targets)
    {
        LoadConfiguration[] configurations = [.. compared, .. after];
        Console.WriteLine();
        Console.WriteLine("Summary (all rounds; req/s = requests / measured time, percentiles over every recorded request):");
        Console.WriteLine("configuration     req/s        p50        p99   server CPU/req   unexpected     requests   load generator CPU/req");
        foreach (LoadConfiguration configuration in configurations)
        {
            List<PhaseResult> results = configuration.Results;
            long requests = results.Sum(r => r.Requests);
            double seconds = results.Sum(r => r.Elapsed.TotalSeconds);
            long[] latencies = Latency.Merge(results.Select(r => r.LatencyTicks));
            Console.WriteLine(Row(string.Empty, configuration.Name, requests / seconds, latencies, CpuPerRequest(configuration), results.Sum(r => r.Unexpected)).TrimStart()
                + string.Create(CultureInfo.InvariantCulture, $" {requests,12} {ClientCpuPerRequest(configuration),21:0} µs"));
        }

        LoadConfiguration bare = compared[0];
        Console.WriteLine();
        foreach (LoadConfiguration other in compared[1..])
        {
            PrintRatio(other, bare);
        }

        if (compared.Length > 2)
        {
            // What the API-key scheme and the admin's policy add over the anonymous Permissive path of the same layers.
            PrintRatio(compared[2], compared[1]);
        }

        if (compared.Length > 3)
        {
            // Two builds of the full pipeline under the same conditions: above 1, this build is the faster.
            PrintRatio(compared[2], compared[3]);
        }

        Console.WriteLine("(CPU-bound estimate: the ratio of server + load generator CPU per request, which is the throughput ratio when the two cores "
            + "are saturated by these two processes; it is less sensitive to what else runs on the machine than req/s)");
        foreach ((string name, double target, string source) in targets)
        {
            if (compared.FirstOrDefault(c => c.Name == name) is { } measured)
            {
                double pooled = Throughput(measured) / Throughput(bare);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"target {name} ≥ {target:0.00} × bare ({source}): {(pooled >= target ? "MET" : "MISSED")} at {pooled:0.000} pooled "
                    + $"(median of rounds {Median(RoundRatios(measured, bare)):0.000}, CPU-bound estimate {CpuBoundEstimate(measured, bare):0.000})"));
            }
        }

        foreach (LoadConfiguration rejected in after)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rejected.Name}/bare throughput: {Throughput(rejected) / Throughput(bare):0.00}×; server CPU per {rejected.Name} call {CpuPerRequest(rejected):0} µs vs {CpuPerRequest(bare):0} µs per bare call"));
        }

        if (calibrate)
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

    private static void PrintRatio(LoadConfiguration measured, LoadConfiguration baseline)
    {
        double[] ratios = RoundRatios(measured, baseline);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{measured.Name}/{baseline.Name}: throughput {Throughput(measured) / Throughput(baseline):0.000} pooled; per round "
            + $"{string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))} (median {Median(ratios):0.000}); "
            + $"server CPU/req {CpuPerRequest(measured) - CpuPerRequest(baseline):+0.0;-0.0} µs ({baseline.Name}/{measured.Name} {CpuPerRequest(baseline) / CpuPerRequest(measured):0.000}); "
            + $"CPU-bound estimate {CpuBoundEstimate(measured, baseline):0.000}"));
    }

    private static double[] RoundRatios(LoadConfiguration measured, LoadConfiguration baseline) =>
        [.. baseline.Results.Zip(measured.Results, (b, m) => m.RequestsPerSecond / b.RequestsPerSecond)];

    private static double CpuBoundEstimate(LoadConfiguration measured, LoadConfiguration baseline) =>
        (CpuPerRequest(baseline) + ClientCpuPerRequest(baseline)) / (CpuPerRequest(measured) + ClientCpuPerRequest(measured));

    /// <summary>
    /// Reads the SDK's own count of the tools/call requests it handled while refused calls are sent: the bare server's
    /// SDK handles every ghost call (the control); the full server's SDK only the valid calls sent alongside the
    /// ghost-argument, unauthenticated, wrong-key and policy-refused ones.
    /// </summary>
    private static async Task<bool> VerifyRefusalsSkipSdkAsync(LoadConfiguration bare, LoadConfiguration full, ResponseCheck toolResult, ResponseCheck blocked,
        CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("Does a refused call reach the SDK? Counting tools/call requests in the SDK's own metric "
            + "(mcp.server.operation.duration, meter Experimental.ModelContextProtocol, read over EventPipe):");
        try
        {
            long bareSdk = await CountSdkToolCallsAsync(bare.Server, async () =>
                await bare.Generator.SendManyAsync(SampleCalls.GhostArgument, null, ResponseCheck.ToolResult("5", "5"), ControlGhosts, cancellationToken));
            Console.WriteLine($"  {bare.Name}: sent {ControlGhosts} ghost-argument calls → the SDK handled {bareSdk} tools/call (control: expected {ControlGhosts})");

            long unexpected = 0;
            long fullSdk = await CountSdkToolCallsAsync(full.Server, async () =>
            {
                LoadGenerator load = full.Generator;
                unexpected += await load.SendManyAsync(SampleCalls.GhostArgument, DemoAgents.AdminKey, blocked, VerificationRejected, cancellationToken);
                unexpected += await load.SendManyAsync(SampleCalls.Add, null, ResponseCheck.Unauthorized("1"), VerificationUnauthorized, cancellationToken);
                unexpected += await load.SendManyAsync(SampleCalls.Add, "airlock-demo-nobody", ResponseCheck.Unauthorized("1"), VerificationUnauthorized, cancellationToken);
                unexpected += await load.SendManyAsync(SampleCalls.Add, DemoAgents.ReaderKey, ResponseCheck.AirlockBlock("1", "policy_violation"), VerificationPolicy, cancellationToken);
                unexpected += await load.SendManyAsync(SampleCalls.Add, DemoAgents.AdminKey, toolResult, VerificationValid, cancellationToken);
            });
            Console.WriteLine($"  {full.Name}: sent {VerificationRejected} ghost-argument calls (admin key), {VerificationUnauthorized} without a key, "
                + $"{VerificationUnauthorized} with a wrong key, {VerificationPolicy} add calls with the reader key (policy refuses), all refused, "
                + $"+ {VerificationValid} valid calls (admin key) → the SDK handled {fullSdk} tools/call (expected {VerificationValid})"
                + (unexpected > 0 ? $"; {unexpected} unexpected answers" : string.Empty));

            bool ok = bareSdk == ControlGhosts && fullSdk == VerificationValid && unexpected == 0;
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

        Console.WriteLine("configuration   requests   allocated/req   GCs gen0/1/2 per 10k req   GC pause/req   thread-pool items/req   lock contentions/1k req   exceptions/1k req");
        foreach ((string name, long requests, Dictionary<string, double> totals) in rows)
        {
            double Sum(string prefix) => totals.Where(p => p.Key == prefix || p.Key.StartsWith(prefix + "{", StringComparison.Ordinal)).Sum(p => p.Value);
            double Gc(string generation) => totals.Where(p => p.Key.StartsWith("dotnet.gc.collections{", StringComparison.Ordinal)
                && p.Key.Contains("gc.heap.generation=" + generation, StringComparison.Ordinal)).Sum(p => p.Value);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-13} {requests,10} {Sum("dotnet.gc.heap.total_allocated") / requests,13:0} B   "
                + $"{Gc("gen0") * 10_000 / requests,8:0.0} / {Gc("gen1") * 10_000 / requests:0.0} / {Gc("gen2") * 10_000 / requests:0.0}   "
                + $"{Sum("dotnet.gc.pause.time") * 1e6 / requests,9:0.00} µs   "
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
            ("ASP.NET Core authentication", "Microsoft.AspNetCore.Authentication."),
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

            foreach ((string method, long count) in samples.ByMethod.OrderByDescending(p => p.Value).Take(12))
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

    private static double ClientCpuPerRequest(LoadConfiguration configuration) =>
        configuration.Results.Sum(r => r.ClientCpu.TotalMicroseconds) / configuration.Results.Sum(r => r.Requests);

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
