using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using AgentAirlock.Benchmarks.Load;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Sandbox;
using AirlockSample;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.Benchmarks.Sandbox;

/// <summary>
/// <c>sandbox</c>: the latency of one sandboxed call on the bubblewrap backend (issue 5, point 7: p50 ≤ 100 ms cold,
/// ≤ 25 ms from the pool), measured at <see cref="ISandbox.RunAsync"/> of the sample's own services (its shipped
/// configuration: the data folder mounted, its limits), running the sample's sandboxed tool <c>read_file</c>.
/// <list type="bullet">
/// <item>cold: a fresh process per call, started when the call arrives (PoolSize 0, the default);</item>
/// <item>pool: runners started ahead of need (PoolSize N), one call each; calls arrive every <c>--interval-ms</c> so the
/// pool refills between them, as it would under a moderate call rate. Back-to-back calls faster than a process starts
/// would drain any pool and measure cold starts.</item>
/// </list>
/// Every call's answer is checked (the file's text), so a fast failure cannot pass for a fast call.
/// </summary>
internal static class SandboxBenchmark
{
    private const double ColdTargetMilliseconds = 100;
    private const double PoolTargetMilliseconds = 25;
    private static readonly double[] Reported = [50, 90, 99];

    public static async Task<int> RunAsync(string[] args)
    {
        if (await BenchmarkCommand.ParseAsync(SandboxBenchmarkOptions.Parse, args) is not { } options)
        {
            return 2;
        }

        using CancellationTokenSource cancellation = BenchmarkCommand.CancelOnCtrlC();
        Console.WriteLine("Agent Airlock sandbox latency: the bubblewrap backend running the sample's read_file");
        Console.WriteLine($"date {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; "
            + $"{Environment.ProcessorCount} logical cores; load average before: {MachineCpu.LoadAverage()}");

        string root = RepositoryRoot.Find(options.RepositoryRoot);
        string expected = await File.ReadAllTextAsync(Path.Combine(root, "samples", "AirlockSample", "data", "welcome.txt"), cancellation.Token);
        bool ok = true;
        ok &= await MeasureAsync("cold", poolSize: 0, interval: TimeSpan.Zero, ColdTargetMilliseconds, options, expected, cancellation.Token);
        ok &= await MeasureAsync(
            $"pool of {options.Pool}, a call every {options.IntervalMilliseconds} ms", options.Pool,
            TimeSpan.FromMilliseconds(options.IntervalMilliseconds), PoolTargetMilliseconds, options, expected, cancellation.Token);
        Console.WriteLine($"load average after: {MachineCpu.LoadAverage()}");
        return ok ? 0 : 1;
    }

    private static async Task<bool> MeasureAsync(
        string mode, int poolSize, TimeSpan interval, double targetMilliseconds, SandboxBenchmarkOptions options, string expected, CancellationToken cancellationToken)
    {
        await using SampleHost host = SampleHost.Create(
            new Dictionary<string, string?> { ["Airlock:Sandbox:Bubblewrap:PoolSize"] = poolSize.ToString(CultureInfo.InvariantCulture) },
            options.RepositoryRoot);
        ISandbox sandbox = host.Services.GetRequiredService<ISandbox>();
        SandboxInvocation invocation = ReadFile(host);

        var milliseconds = new List<double>(options.Calls);
        for (int i = 0; i < options.Warmup + options.Calls; i++)
        {
            if (interval > TimeSpan.Zero)
            {
                await Task.Delay(interval, cancellationToken);
            }

            long started = Stopwatch.GetTimestamp();
            SandboxOutcome outcome = await sandbox.RunAsync(invocation, cancellationToken);
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.Status != SandboxStatus.Completed || outcome.Result.GetProperty("value").GetString() != expected)
            {
                Console.WriteLine($"{mode}: call {i} failed: {outcome.Status} {outcome.Detail}");
                return false;
            }

            if (i >= options.Warmup)
            {
                milliseconds.Add(elapsed);
            }
        }

        milliseconds.Sort();
        string percentiles = string.Join(", ", Reported.Select(p => string.Create(CultureInfo.InvariantCulture, $"p{p:0} {Percentile(milliseconds, p):0.0} ms")));
        bool met = Percentile(milliseconds, 50) <= targetMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: {milliseconds.Count} calls: {percentiles}, mean {milliseconds.Average():0.0} ms, max {milliseconds[^1]:0.0} ms; "
            + $"target p50 <= {targetMilliseconds} ms: {(met ? "met" : "MISSED")}"));
        return met;
    }

    /// <summary>The invocation the filter would build for <c>read_file("welcome.txt")</c>, with the tool's own limits.</summary>
    private static SandboxInvocation ReadFile(SampleHost host)
    {
        MethodInfo method = typeof(SampleTools).GetMethod(nameof(SampleTools.ReadFile))!;
        AirlockSandboxAttribute attribute = method.GetCustomAttribute<AirlockSandboxAttribute>()!;
        using JsonDocument arguments = JsonDocument.Parse("""{"path":"welcome.txt"}""");
        return new SandboxInvocation(
            "read_file", typeof(SampleTools).Assembly.Location, typeof(SampleTools).FullName!, method.Name, method.MetadataToken,
            arguments.RootElement.Clone(), new SandboxLimits(TimeSpan.FromSeconds(attribute.TimeoutSeconds), attribute.MemoryMb, attribute.CpuSeconds));
    }

    private static double Percentile(List<double> sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
