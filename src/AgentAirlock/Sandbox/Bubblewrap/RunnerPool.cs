using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// Runner processes started ahead of need (with <c>--prewarm</c>), waiting on stdin, per key: the full command line,
/// so that a process is only ever handed to an invocation with exactly the tool files, mounts, environment and limits
/// it was started with. A taken process is gone from the pool and serves one invocation; the pool refills in the
/// background.
/// </summary>
internal sealed partial class RunnerPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RunnerPoolSlot> _slots = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private volatile bool _disposed;

    public RunnerPool(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>Takes a waiting process for <paramref name="key"/>, or returns <see langword="null"/>.</summary>
    public async ValueTask<SandboxProcess?> TakeAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_slots.TryGetValue(key, out RunnerPoolSlot? slot))
        {
            return null;
        }

        while (slot.Idle.TryDequeue(out SandboxProcess? process))
        {
            if (!process.HasExited)
            {
                return process;
            }

            // It died while it waited (killed from outside, or failed to start): never hand it out.
            await process.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Starts processes in the background until <paramref name="size"/> wait (or are starting) for <paramref name="key"/>.</summary>
    public void Refill(string key, int size, Func<Task<SandboxProcess>> start)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(start);
        if (_disposed || size <= 0)
        {
            return;
        }

        RunnerPoolSlot slot = _slots.GetOrAdd(key, static _ => new RunnerPoolSlot());
        while (true)
        {
            int starting = Volatile.Read(ref slot.Starting);
            if (slot.Idle.Count + starting >= size)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref slot.Starting, starting + 1, starting) == starting)
            {
                _ = Task.Run(() => StartOneAsync(slot, start));
            }
        }
    }

    /// <summary>Kills every waiting process (the options changed, or the sandbox is disposed).</summary>
    public async Task ClearAsync()
    {
        foreach (RunnerPoolSlot slot in _slots.Values)
        {
            while (slot.Idle.TryDequeue(out SandboxProcess? process))
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await ClearAsync().ConfigureAwait(false);

        // Starts that were under way finish into the pool and are killed there; wait for them briefly.
        for (int attempt = 0; attempt < 100 && _slots.Values.Any(slot => Volatile.Read(ref slot.Starting) > 0); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }

        await ClearAsync().ConfigureAwait(false);
    }

    private async Task StartOneAsync(RunnerPoolSlot slot, Func<Task<SandboxProcess>> start)
    {
        try
        {
            SandboxProcess process = await start().ConfigureAwait(false);
            if (_disposed)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                slot.Idle.Enqueue(process);
                if (_disposed && slot.Idle.TryDequeue(out SandboxProcess? late))
                {
                    await late.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
            or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // The next call starts its own process; the pool tries again after it.
            LogRefillFailed(_logger, exception.GetType().Name);
        }
        finally
        {
            Interlocked.Decrement(ref slot.Starting);
        }
    }

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "A pooled sandbox runner could not be started ({ExceptionType}).")]
    private static partial void LogRefillFailed(ILogger logger, string exceptionType);
}
