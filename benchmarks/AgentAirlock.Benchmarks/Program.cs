using AgentAirlock.Benchmarks.Experiment;
using AgentAirlock.Benchmarks.Load;
using AgentAirlock.Benchmarks.Micro;
using AgentAirlock.Benchmarks.Redis;
using AgentAirlock.Benchmarks.Sandbox;
using BenchmarkDotNet.Running;

// `load ...` runs the loopback load benchmark, `redis ...` the rate-limit store latency comparison, `sandbox ...` the
// sandboxed call latency, `serve ...` is a server
// `load --experiment` starts; anything else goes to BenchmarkDotNet (--filter, --list flat, ...), with --quick for a short job.
if (args.Length > 0 && args[0] == "load")
{
    return await LoadBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "redis")
{
    return await RedisBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "sandbox")
{
    return await SandboxBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "serve")
{
    return await ExperimentHost.RunAsync(args[1..]);
}

bool quick = args.Contains("--quick");
string[] benchmarkArgs = [.. args.Where(a => a != "--quick")];
BenchmarkSwitcher.FromAssembly(typeof(AirlockCallBenchmarks).Assembly).Run(benchmarkArgs, MicroBenchmarkConfig.Create(quick));
return 0;
