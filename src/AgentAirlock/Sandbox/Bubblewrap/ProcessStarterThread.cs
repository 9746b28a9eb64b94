using System.Collections.Concurrent;
using System.Diagnostics;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// Starts every sandbox process from one dedicated thread that lives as long as the server. bwrap's
/// <c>--die-with-parent</c> (PR_SET_PDEATHSIG) fires when the <em>thread</em> that forked it exits, not the process:
/// started from a thread-pool thread, a sandbox is SIGKILLed whenever the pool retires that thread.
/// </summary>
internal static class ProcessStarterThread
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> s_queue = [];
    private static readonly Lazy<Thread> s_thread = new(StartThread);

    /// <summary>Starts <paramref name="process"/> on the dedicated thread; completes when it has started (or failed to).</summary>
    public static Task StartAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _ = s_thread.Value;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s_queue.Add((process, started));
        return started.Task;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Airlock sandbox starter" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach ((Process process, TaskCompletionSource started) in s_queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
#pragma warning disable CA1031 // Whatever Start throws belongs to the caller, which awaits it; this thread must live on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                started.SetException(exception);
            }
        }
    }
}
