using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// Runs the benchmarks in this process (InProcessEmitToolchain): BenchmarkDotNet's default toolchain generates and
/// builds a child project that rebuilds the library and the sample into their shared obj folders, which collides
/// with other builds of the repository running at the same time.
/// </summary>
internal static class MicroBenchmarkConfig
{
    public static IConfig Create(bool quick)
    {
        // The default job, capped: on a small shared machine its adaptive iteration count chases noise for minutes.
        Job job = (quick ? Job.ShortRun : Job.Default.WithMinIterationCount(15).WithMaxIterationCount(40))
            .WithToolchain(InProcessEmitToolchain.Instance);
        return DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median);
    }
}
