using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// Sandboxes created ahead of need, so that a call skips the creation round trip. Each serves exactly one invocation
/// and is then killed like any other; taking one starts a refill in the background. Idle sandboxes are not kept alive:
/// E2B ends them at the end of their lifetime, and one too old to be trusted is discarded when it would be taken.
/// </summary>
internal sealed partial class E2BWarmPool : IAsyncDisposable
{
    /// <summary>The lifetime a pooled sandbox is created with; taking it shortens it to the call's deadline.</summary>
    public const int LifetimeSeconds = 300;

    // A pooled sandbox older than this is not handed out: it could die (its lifetime ends) while the call runs.
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(LifetimeSeconds - 60);
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<E2BSandboxHandle> _ready = new();
    private readonly E2BControlPlaneClient _controlPlane;
    private readonly Func<E2BSettings?> _settings;
    private readonly Func<E2BSandboxHandle, Task> _kill;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _fillLock = new();
    private Task _filling = Task.CompletedTask;
    private bool _disposed;

    public E2BWarmPool(E2BControlPlaneClient controlPlane, Func<E2BSettings?> settings, Func<E2BSandboxHandle, Task> kill, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(kill);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _controlPlane = controlPlane;
        _settings = settings;
        _kill = kill;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets how many sandboxes are waiting.</summary>
    public int Count => _ready.Count;

    /// <summary>
    /// Takes a waiting sandbox created with settings equivalent to <paramref name="settings"/>, and starts a refill.
    /// Sandboxes of older settings, or too old, are killed on the way.
    /// </summary>
    public E2BSandboxHandle? TryTake(E2BSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        E2BSandboxHandle? taken = null;
        while (taken is null && _ready.TryDequeue(out E2BSandboxHandle? candidate))
        {
            if (candidate.Settings.CreatesSameSandboxesAs(settings) && _timeProvider.GetElapsedTime(candidate.CreatedAt) < MaxIdle)
            {
                taken = candidate;
            }
            else
            {
                _ = _kill(candidate);
            }
        }

        Fill();
        return taken;
    }

    /// <summary>Starts creating sandboxes until the configured number wait, unless that is already under way.</summary>
    public void Fill()
    {
        lock (_fillLock)
        {
            if (_disposed || !_filling.IsCompleted)
            {
                return;
            }

            _filling = Task.Run(() => FillAsync(_stopping.Token));
        }
    }

    private async Task FillAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            E2BSettings? settings = _settings();
            if (settings is null || _ready.Count >= settings.PoolSize)
            {
                return;
            }

            try
            {
                E2BSandboxHandle sandbox = await _controlPlane.CreateAsync(settings, LifetimeSeconds, "pool", stopping).ConfigureAwait(false);
                _ready.Enqueue(sandbox);
                LogPooled(_logger, sandbox.SandboxId, _ready.Count);
                if (Volatile.Read(ref _disposed))
                {
                    // Disposal may have emptied the queue just before this sandbox arrived.
                    await DrainAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (E2BCallException exception)
            {
                // The next call that takes from the pool starts another attempt, but not before the pause is over (a
                // refill under way ignores new requests); meanwhile calls create their own sandboxes.
                LogFillFailed(_logger, exception.Message);
                try
                {
                    await Task.Delay(FailurePause, _timeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                return;
            }
        }
    }

    private async Task DrainAsync()
    {
        var kills = new List<Task>();
        while (_ready.TryDequeue(out E2BSandboxHandle? sandbox))
        {
            kills.Add(_kill(sandbox));
        }

        await Task.WhenAll(kills).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Task filling;
        lock (_fillLock)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            filling = _filling;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await filling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DrainAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 93, Level = LogLevel.Debug, Message = "E2B sandbox {SandboxId} joined the warm pool ({Count} waiting).")]
    private static partial void LogPooled(ILogger logger, string sandboxId, int count);

    [LoggerMessage(EventId = 94, Level = LogLevel.Warning, Message = "The E2B warm pool could not create a sandbox: {Problem}")]
    private static partial void LogFillFailed(ILogger logger, string problem);
}
