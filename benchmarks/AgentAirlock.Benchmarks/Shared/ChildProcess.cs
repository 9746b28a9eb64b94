using System.Diagnostics;

namespace AgentAirlock.Benchmarks.Shared;

/// <summary>What the benchmark does with the servers it starts (sample servers, redis-server) when it is done with them.</summary>
internal static class ChildProcess
{
    /// <summary>Kills <paramref name="process"/> if it still runs, waits up to 5 s for it to exit, and disposes it.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // The process is already gone.
        }

        process.Dispose();
    }
}
