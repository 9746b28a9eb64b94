using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AgentAirlock.Benchmarks.Load;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentAirlock.Benchmarks.Redis;

/// <summary>
/// <c>redis</c>: the latency Redis adds to a rate-limit decision (issue 3, point 9: p99 added latency ≤ 0.5 ms with
/// Redis on loopback). A throwaway redis-server is started on a free loopback port. Then, for the same policy (the
/// sample's reader: one bucket per agent for every tool), the same identity and the same tool:
/// <list type="number">
/// <item>in process: <see cref="RedisRateLimitStore.AcquireAsync"/> (the real Lua script) against
/// <see cref="MemoryRateLimitStore"/>, each call timed;</item>
/// <item>over HTTP: two sample servers as shipped, one with <c>RateLimitStore=Memory</c>, one with <c>Redis</c>, driven
/// with the reader's key calling <c>search_documents</c>.</item>
/// </list>
/// The reader's limit is raised from 30/minute to <see cref="RaisedLimit"/> (same rule, same scope) so that every
/// call is admitted and does the full work: a refused call would measure a different path after the 30th call.
/// Concurrency is modest (1 and 4 closed-loop workers by default): the two cores are shared with redis-server and the
/// load generator, and a saturated machine measures queueing, not Redis.
/// </summary>
internal static class RedisBenchmark
{
    private const double TargetMilliseconds = 0.5;
    private const string Tool = "search_documents";
    private const string RaisedLimit = "1000000000/minute";
    private const string LimitKey = "Airlock:Policy:Policies:Reader:RateLimits:0:Limit";
    private static readonly double[] Reported = [50, 90, 99, 99.9];

    public static async Task<int> RunAsync(string[] args)
    {
        if (await BenchmarkCommand.ParseAsync(RedisOptions.Parse, args) is not { } options)
        {
            return 2;
        }

        using CancellationTokenSource cancellation = BenchmarkCommand.CancelOnCtrlC();

        Console.WriteLine("Agent Airlock rate-limit store latency: Redis on loopback against memory");
        Console.WriteLine($"date {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; "
            + $"{Environment.ProcessorCount} logical cores; load average before: {MachineCpu.LoadAverage()}");
        Console.WriteLine($"policy: the shipped Reader policy (Extends ReadOnly; RateLimits:0 = Tools [*], Scope PerAgent) with {LimitKey}={RaisedLimit} "
            + $"so that every call is admitted; identity: the reader, from the API-key handler's claims; tool: {Tool}");

        using RedisServerProcess redis = await RedisServerProcess.StartAsync(options.RedisServer, cancellation.Token);
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},allowAdmin=true");
        IServer redisInfo = admin.GetServer(redis.Endpoint);
        Console.WriteLine($"redis-server {redisInfo.Version} (pid {redis.ProcessId}) on {redis.Endpoint}, --save '' --appendonly no");
        Console.WriteLine();

        bool ok = await RunInProcessAsync(options, redis, redisInfo, cancellation.Token);
        if (options.Http)
        {
            if (!await LoadBenchmark.EnsureSampleBuiltAsync(options.Settings))
            {
                return 2;
            }

            ok &= await RunOverHttpAsync(options, redis, redisInfo, cancellation.Token);
        }

        Console.WriteLine($"load average after: {MachineCpu.LoadAverage()}");
        return ok ? 0 : 1;
    }

    private static async Task<bool> RunInProcessAsync(RedisOptions options, RedisServerProcess redis, IServer redisInfo, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?> { [LimitKey] = RaisedLimit };
        AirlockOptions airlock = DemoAgents.LoadOptions(overrides);
        CompiledPolicy reader = DemoAgents.Compile(airlock).ByName["Reader"];
        AgentIdentity identity;
        await using (SampleHost host = SampleHost.Create(overrides))
        {
            identity = DemoAgents.Identity(await DemoAgents.AuthenticateAsync(host.Services, DemoAgents.ReaderKey), airlock);
        }

        var memory = new MemoryRateLimitStore(TimeProvider.System);
        var storeOptions = new RedisStoreOptions
        {
            Configuration = redis.Endpoint,
            KeyPrefix = "airlock-bench:",
            TimeoutMilliseconds = airlock.Policy.Redis.TimeoutMilliseconds,
        };
        await using var shared = new RedisRateLimitStore(storeOptions, NullLogger.Instance);
        shared.StartConnecting();
        if (!await FirstAdmittedAsync(shared, reader, identity, cancellationToken))
        {
            Console.WriteLine($"The Redis store did not admit a call within 10 s (is {redis.Endpoint} reachable?).");
            return false;
        }

        (string Name, IRateLimitStore Store)[] stores = [("memory", memory), ("redis", shared)];
        TimeSpan warmup = TimeSpan.FromSeconds(options.WarmupSeconds ?? 1);
        TimeSpan measured = TimeSpan.FromSeconds(options.Seconds);
        Console.WriteLine($"1. In process: IRateLimitStore.AcquireAsync(reader policy, reader, {Tool}) in a closed loop, every call timed "
            + $"(Stopwatch; the two readings cost ~20-40 ns); KeyPrefix {storeOptions.KeyPrefix}, timeout {storeOptions.TimeoutMilliseconds} ms.");
        Console.WriteLine($"   Per concurrency: {options.Rounds} round(s) of memory and redis, ABBA, each [{warmup.TotalSeconds:0} s warm-up + {options.Seconds} s measured].");
        Console.WriteLine();
        Console.WriteLine("round  store    workers       ops/s        p50        p90        p99      p99.9        max   refused   redis CPU/op   this process CPU/op   scripts run/op");

        var results = new Dictionary<(string Store, int Workers), LatencyHistogram>();
        var throughput = new Dictionary<(string Store, int Workers), (long Operations, double Seconds)>();
        bool ok = true;
        foreach (int workers in options.Workers)
        {
            for (int round = 1; round <= options.Rounds; round++)
            {
                foreach ((string name, IRateLimitStore store) in round % 2 == 1 ? stores : [.. stores.Reverse()])
                {
                    await MeasureAsync(store, reader, identity, workers, warmup, redis, cancellationToken);
                    long scriptsBefore = await ScriptCallsAsync(redisInfo);
                    StorePhase phase = await MeasureAsync(store, reader, identity, workers, measured, redis, cancellationToken);
                    long scripts = await ScriptCallsAsync(redisInfo) - scriptsBefore;
                    ok &= phase.Refused == 0;
                    Add(results, (name, workers), phase.Latencies);
                    (long operations, double seconds) = throughput.GetValueOrDefault((name, workers));
                    throughput[(name, workers)] = (operations + phase.Latencies.Count, seconds + phase.Elapsed.TotalSeconds);
                    double perOp(TimeSpan cpu) => cpu.TotalMicroseconds / Math.Max(1, phase.Latencies.Count);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{round,5}  {name,-7} {workers,8} {phase.Latencies.Count / phase.Elapsed.TotalSeconds,11:0} {Percentiles(phase.Latencies)} {Format(phase.Latencies.MaxMicroseconds),10} "
                        + $"{phase.Refused,9} {perOp(phase.RedisCpu),11:0.0} µs {perOp(phase.ProcessCpu),18:0.0} µs {(double)scripts / Math.Max(1, phase.Latencies.Count),16:0.00}"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("In process, all rounds: the latency Redis adds to one rate-limit decision (redis − memory at the same percentile)");
        Console.WriteLine("workers  store          ops/s        p50        p90        p99      p99.9");
        foreach (int workers in options.Workers)
        {
            foreach ((string name, _) in stores)
            {
                (long operations, double seconds) = throughput[(name, workers)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{workers,7}  {name,-8} {operations / seconds,11:0} {Percentiles(results[(name, workers)])}"));
            }

            LatencyHistogram m = results[("memory", workers)], r = results[("redis", workers)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workers,7}  added                {string.Join(" ", Reported.Select(p => Format(r.Percentile(p) - m.Percentile(p)).PadLeft(10)))}"));
            double added = (r.Percentile(99) - m.Percentile(99)) / 1000;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"         target p99 added ≤ {TargetMilliseconds} ms with {workers} worker(s), in process: {(added <= TargetMilliseconds ? "MET" : "MISSED")} at {added:0.000} ms"));
        }

        Console.WriteLine();
        return ok;
    }

    private static async Task<bool> RunOverHttpAsync(RedisOptions options, RedisServerProcess redis, IServer redisInfo, CancellationToken cancellationToken)
    {
        string raise = $"--{LimitKey}={RaisedLimit}";
        (string Name, string[] Configuration)[] plan =
        [
            ("memory", [raise, "--Airlock:Policy:RateLimitStore=Memory"]),
            ("redis", [raise, "--Airlock:Policy:RateLimitStore=Redis", $"--Airlock:Policy:Redis:Configuration={redis.Endpoint}"]),
        ];
        int maxWorkers = options.Workers.Max();
        var servers = new List<SampleServer>();
        var generators = new List<LoadGenerator>();
        try
        {
            foreach ((string name, string[] configuration) in plan)
            {
                SampleServer server = await SampleServer.StartAsync(name, options.Settings, configuration, cancellationToken);
                servers.Add(server);
                generators.Add(new LoadGenerator(server.McpEndpoint, maxWorkers));
                Console.WriteLine($"{name,-7} server: pid {server.ProcessId}, {server.McpEndpoint} ({string.Join(' ', configuration)})");
            }

            ResponseCheck success = ResponseCheck.ToolSuccess("3");
            LoadConfiguration[] configurations = [.. servers.Select((s, i) => new LoadConfiguration(s.Name, s, generators[i], SampleCalls.Search2025, success, DemoAgents.ReaderKey))];
            bool ok = true;
            foreach (LoadConfiguration configuration in configurations)
            {
                // The shipped policies are in force (no key: 401), and the reader's call succeeds.
                ok &= await ExpectAsync(configuration, null, ResponseCheck.Unauthorized("3"), cancellationToken);
                ok &= await ExpectAsync(configuration, DemoAgents.ReaderKey, success, cancellationToken);
            }

            if (!ok)
            {
                return false;
            }

            TimeSpan warmup = TimeSpan.FromSeconds(options.WarmupSeconds ?? 2);
            Console.WriteLine();
            Console.WriteLine($"2. Over HTTP: tools/call {Tool} with X-API-Key: {DemoAgents.ReaderKey}, closed loop; warm-up {LoadBenchmark.InitialWarmupSeconds} s per server, "
                + $"then per concurrency {options.Rounds} round(s) of memory and redis, ABBA, each [{warmup.TotalSeconds:0} s warm-up + {options.Seconds} s measured].");
            foreach (LoadConfiguration configuration in configurations)
            {
                await configuration.RunAsync(TimeSpan.FromSeconds(LoadBenchmark.InitialWarmupSeconds), maxWorkers);
            }

            Console.WriteLine();
            Console.WriteLine("round  server   workers     req/s        p50        p90        p99      p99.9   server CPU/req   redis CPU/req   scripts run/req   unexpected");
            var results = new Dictionary<(string Server, int Workers), List<PhaseResult>>();
            foreach (int workers in options.Workers)
            {
                for (int round = 1; round <= options.Rounds; round++)
                {
                    foreach (LoadConfiguration configuration in round % 2 == 1 ? configurations : [.. configurations.Reverse()])
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (warmup > TimeSpan.Zero)
                        {
                            await configuration.RunAsync(warmup, workers);
                        }

                        TimeSpan redisBefore = redis.CpuTime;
                        long scriptsBefore = await ScriptCallsAsync(redisInfo);
                        PhaseResult result = await configuration.RunAsync(TimeSpan.FromSeconds(options.Seconds), workers);
                        long scripts = await ScriptCallsAsync(redisInfo) - scriptsBefore;
                        TimeSpan redisCpu = redis.CpuTime - redisBefore;
                        (results.TryGetValue((configuration.Name, workers), out List<PhaseResult>? list) ? list : results[(configuration.Name, workers)] = []).Add(result);
                        ok &= result.Unexpected == 0;
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{round,5}  {configuration.Name,-7} {workers,8} {result.RequestsPerSecond,9:0} {Percentiles(result.LatencyTicks)} {result.ServerCpuMicrosecondsPerRequest,13:0} µs "
                            + $"{redisCpu.TotalMicroseconds / Math.Max(1, result.Requests),12:0.0} µs {(double)scripts / Math.Max(1, result.Requests),17:0.00} {result.Unexpected,12}"));
                        foreach (string sample in result.UnexpectedSamples)
                        {
                            Console.WriteLine("    unexpected: " + sample);
                        }
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine("Over HTTP, all rounds: the latency a Redis store adds to a whole call (redis − memory at the same percentile)");
            Console.WriteLine("workers  server       req/s        p50        p90        p99      p99.9   server CPU/req");
            foreach (int workers in options.Workers)
            {
                long[] Merged(string name) => Latency.Merge(results[(name, workers)].Select(r => r.LatencyTicks));
                foreach (LoadConfiguration configuration in configurations)
                {
                    List<PhaseResult> list = results[(configuration.Name, workers)];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{workers,7}  {configuration.Name,-8} {list.Sum(r => r.Requests) / list.Sum(r => r.Elapsed.TotalSeconds),9:0} {Percentiles(Merged(configuration.Name))} "
                        + $"{list.Sum(r => r.ServerCpu.TotalMicroseconds) / list.Sum(r => r.Requests),13:0} µs"));
                }

                long[] memory = Merged("memory"), shared = Merged("redis");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{workers,7}  added              {string.Join(" ", Reported.Select(p => Format((Latency.Percentile(shared, p) - Latency.Percentile(memory, p)).TotalMicroseconds).PadLeft(10)))}"));
                double added = (Latency.Percentile(shared, 99) - Latency.Percentile(memory, 99)).TotalMilliseconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"         target p99 added ≤ {TargetMilliseconds} ms with {workers} worker(s), over HTTP: {(added <= TargetMilliseconds ? "MET" : "MISSED")} at {added:0.000} ms"));
            }

            Console.WriteLine(ok ? "every response was the expected tool result" : "UNEXPECTED ANSWERS: see the rows above");
            return ok;
        }
        finally
        {
            generators.ForEach(g => g.Dispose());
            servers.ForEach(s => s.Dispose());
        }
    }

    private static async Task<bool> ExpectAsync(LoadConfiguration target, string? apiKey, ResponseCheck check, CancellationToken cancellationToken)
    {
        (System.Net.HttpStatusCode status, string? mediaType, string body) = await target.Generator.SendOnceAsync(target.Call, apiKey, cancellationToken);
        string? problem = check.Problem(status, mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType), System.Text.Encoding.UTF8.GetBytes(body));
        Console.WriteLine($"  {target.Name,-7} {Tool} key {apiKey ?? "(none)",-20} → {(problem is null ? "ok: " + check : "UNEXPECTED: " + problem)}");
        return problem is null;
    }

    private static async Task<bool> FirstAdmittedAsync(RedisRateLimitStore store, CompiledPolicy policy, AgentIdentity identity, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await store.AcquireAsync(policy, identity, Tool, cancellationToken)).Allowed)
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    private static async Task<StorePhase> MeasureAsync(IRateLimitStore store, CompiledPolicy policy, AgentIdentity identity, int workers, TimeSpan duration,
        RedisServerProcess redis, CancellationToken cancellationToken)
    {
        var histograms = new LatencyHistogram[workers];
        long refused = 0;
        using var self = Process.GetCurrentProcess();
        TimeSpan redisBefore = redis.CpuTime, selfBefore = self.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task WorkAsync(int index)
        {
            var histogram = histograms[index] = new LatencyHistogram();
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                long began = Stopwatch.GetTimestamp();
                RateLimitOutcome outcome = await store.AcquireAsync(policy, identity, Tool, CancellationToken.None);
                histogram.Record(Stopwatch.GetTimestamp() - began);
                if (!outcome.Allowed)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }

        // Each worker starts on a thread of its own: the in-memory store never yields, and thread-pool workers would
        // otherwise wait for the pool to grow before the slower ones start.
        await Task.WhenAll(Enumerable.Range(0, workers).Select(i =>
            Task.Factory.StartNew(() => WorkAsync(i), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        self.Refresh();
        var merged = new LatencyHistogram();
        foreach (LatencyHistogram histogram in histograms)
        {
            merged.Add(histogram);
        }

        return new StorePhase(merged, elapsed, Interlocked.Read(ref refused), redis.CpuTime - redisBefore, self.TotalProcessorTime - selfBefore);
    }

    /// <summary>How many Lua scripts redis-server has run so far (EVAL and EVALSHA), from INFO commandstats.</summary>
    private static async Task<long> ScriptCallsAsync(IServer server)
    {
        long calls = 0;
        foreach (IGrouping<string, KeyValuePair<string, string>> section in await server.InfoAsync("commandstats"))
        {
            foreach ((string key, string value) in section)
            {
                if (key is "cmdstat_eval" or "cmdstat_evalsha")
                {
                    string count = value.Split(',').First(part => part.StartsWith("calls=", StringComparison.Ordinal))["calls=".Length..];
                    calls += long.Parse(count, CultureInfo.InvariantCulture);
                }
            }
        }

        return calls;
    }

    private static void Add(Dictionary<(string, int), LatencyHistogram> results, (string, int) key, LatencyHistogram histogram)
    {
        if (!results.TryGetValue(key, out LatencyHistogram? total))
        {
            results[key] = total = new LatencyHistogram();
        }

        total.Add(histogram);
    }

    private static string Percentiles(LatencyHistogram histogram) =>
        string.Join(" ", Reported.Select(p => Format(histogram.Percentile(p)).PadLeft(10)));

    private static string Percentiles(long[] sortedTicks) =>
        string.Join(" ", Reported.Select(p => Format(Latency.Percentile(sortedTicks, p).TotalMicroseconds).PadLeft(10)));

    /// <summary>Microseconds with two decimals below 10 µs, where the in-memory store lives; otherwise as the load benchmark prints.</summary>
    private static string Format(double microseconds) => Math.Abs(microseconds) switch
    {
        < 10 => microseconds.ToString("0.00", CultureInfo.InvariantCulture) + " µs",
        < 1000 => microseconds.ToString("0", CultureInfo.InvariantCulture) + " µs",
        _ => (microseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
    };

    private sealed record StorePhase(LatencyHistogram Latencies, TimeSpan Elapsed, long Refused, TimeSpan RedisCpu, TimeSpan ProcessCpu);
}
