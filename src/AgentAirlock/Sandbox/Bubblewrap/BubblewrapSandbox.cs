using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// Runs each invocation in a fresh local process confined by bubblewrap (namespaces, no network, read-only binds of
/// only the runtime, the runner and the tool's assemblies, a private size-capped <c>/tmp</c>, no capabilities),
/// prlimit (CPU time, address space, files), the GC heap hard limit, and a per-invocation cgroup as the memory and
/// process-count backstop where the host allows one. The wall-clock deadline kills the whole tree. When a start-up
/// probe finds that bubblewrap cannot work here, every invocation is refused with the reason (fail closed).
/// </summary>
internal sealed partial class BubblewrapSandbox : ISandbox, ISandboxWarmUp, IAsyncDisposable
{
    /// <summary>What the cgroup allows above the GC heap limit (and the /tmp tmpfs, charged to it): runtime, JIT, stacks.</summary>
    private const long CgroupOverheadBytes = 128L * 1024 * 1024;
    private const int SignalKill = 9;
    private const int SignalCpuLimit = 24;

    private readonly AirlockOptionsAccessor _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _contentRoot;
    private readonly BubblewrapProbe _probe;
    private readonly RunnerPool _pool;
    private readonly SandboxStaging _staging = new();
    private readonly SemaphoreSlim _concurrency;
    private readonly ConcurrentDictionary<SandboxProcess, byte> _live = new();
    private AirlockOptions _optionsInUse;
    private volatile bool _disposed;

    public BubblewrapSandbox(
        AirlockOptionsAccessor options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<BubblewrapSandbox>();
        _contentRoot = environment?.ContentRootPath is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
        _probe = new BubblewrapProbe(timeProvider, _logger);
        _pool = new RunnerPool(_logger);
        _optionsInUse = options.Current;
        int concurrency = _optionsInUse.Sandbox.Bubblewrap.MaxConcurrency;
        concurrency = concurrency > 0 ? concurrency : Environment.ProcessorCount;
        _concurrency = new SemaphoreSlim(concurrency, concurrency);
    }

    public string Name => "bubblewrap";

    /// <summary>Runs the probe at start-up, so that its verdict (and the active limit layers) is logged before any call.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) =>
        _probe.CheckAsync(CurrentOptions().Sandbox.Bubblewrap).WaitAsync(cancellationToken);

    public async ValueTask<SandboxOutcome> RunAsync(SandboxInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ObjectDisposedException.ThrowIf(_disposed, this);
        long started = _timeProvider.GetTimestamp();
        SandboxOptions sandbox = CurrentOptions().Sandbox;
        BubblewrapOptions options = sandbox.Bubblewrap;
        SandboxLimits limits = invocation.Limits;

        BubblewrapAvailability availability = await _probe.CheckAsync(options).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!availability.IsAvailable)
        {
            return SandboxOutcome.Failed(
                SandboxStatus.Unavailable, "bubblewrap is not available: " + availability.Reason, null, _timeProvider.GetElapsedTime(started));
        }

        BubblewrapPlan? plan = BubblewrapPlan.Create(
            sandbox, availability.Runtime!, invocation, _contentRoot, _staging, out string problem, out bool unavailable);
        if (plan is null)
        {
            return SandboxOutcome.Failed(
                unavailable ? SandboxStatus.Unavailable : SandboxStatus.Failed, problem, null, _timeProvider.GetElapsedTime(started));
        }

        byte[] request = RunnerProtocol.WriteRequest(invocation, plan.AssemblyPathInSandbox);
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SandboxProcess? process = options.PoolSize > 0 ? await _pool.TakeAsync(plan.PooledKey).ConfigureAwait(false) : null;

            if (process is null)
            {
                try
                {
                    process = await StartAsync(plan.Command, availability.Cgroups, options, limits).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
                    or System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    return SandboxOutcome.Failed(
                        SandboxStatus.Failed,
                        $"the sandbox could not be started ({exception.GetType().Name})",
                        null,
                        _timeProvider.GetElapsedTime(started));
                }
            }

            return await RunProcessAsync(process, request, invocation, started, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _concurrency.Release();

            // Refilled after the call rather than when the runner is taken, so that starting the next runner (a
            // CPU-heavy warm-up) does not compete with the call it was taken for.
            if (options.PoolSize > 0 && !_disposed)
            {
                _pool.Refill(plan.PooledKey, options.PoolSize, () => StartAsync(plan.PooledCommand, availability.Cgroups, options, limits));
            }
        }
    }

    /// <summary>
    /// The options in force. A reload (a new options object; an invalid one is never applied) may bring new paths, limits
    /// or binaries: the probe runs again, and no runner started with the old ones serves a call.
    /// </summary>
    private AirlockOptions CurrentOptions()
    {
        AirlockOptions current = _options.Current;
        AirlockOptions previous = Interlocked.Exchange(ref _optionsInUse, current);
        if (!ReferenceEquals(previous, current))
        {
            _probe.Reset();
            _ = _pool.ClearAsync();
        }

        return current;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (SandboxProcess process in _live.Keys)
        {
            process.Kill();
        }

        await _pool.DisposeAsync().ConfigureAwait(false);

        // The killed invocations remove their cgroups as they end; give them a moment, so that a host that exits right
        // after disposal leaves nothing behind.
        for (int attempt = 0; attempt < 150 && !_live.IsEmpty; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }

        _staging.Dispose();
    }

    private async Task<SandboxOutcome> RunProcessAsync(
        SandboxProcess process,
        byte[] request,
        SandboxInvocation invocation,
        long started,
        CancellationToken cancellationToken)
    {
        SandboxProcessExit exit;
        bool deadlinePassed;
        _live.TryAdd(process, 0);
        try
        {
            // The deadline counts from here, also for a pooled runner that was started long before.
            using var deadline = new CancellationTokenSource(invocation.Limits.Timeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            exit = await process.RunAsync(request, linked.Token).ConfigureAwait(false);
            deadlinePassed = deadline.IsCancellationRequested;
        }
        finally
        {
            await process.DisposeAsync().ConfigureAwait(false);
            _live.TryRemove(process, out _);
        }

        TimeSpan duration = _timeProvider.GetElapsedTime(started);
        if (exit.Cancelled && !deadlinePassed)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        SandboxOutcome outcome = Classify(exit, invocation.Limits, deadlinePassed, duration);
        LogFinished(_logger, invocation.ToolName, outcome.Status, (long)duration.TotalMilliseconds);
        return outcome;
    }

    private SandboxOutcome Classify(SandboxProcessExit exit, SandboxLimits limits, bool deadlinePassed, TimeSpan duration)
    {
        // What the host knows comes first: the runner cannot report being killed.
        if (exit.Cancelled && deadlinePassed)
        {
            return SandboxOutcome.Failed(
                SandboxStatus.TimedOut,
                Invariant($"the tool did not finish within {limits.Timeout.TotalSeconds:0.###} s"),
                exit.ExitCode,
                duration);
        }

        if (_disposed)
        {
            return SandboxOutcome.Failed(SandboxStatus.Failed, "the sandbox backend was shut down", exit.ExitCode, duration);
        }

        if (exit.OutputOverflowed)
        {
            return SandboxOutcome.Failed(SandboxStatus.Killed, "output exceeded 1 MiB", exit.ExitCode, duration);
        }

        string memory = Invariant($"memory limit of {limits.MemoryMb} MiB exceeded");
        if (exit.OutOfMemoryKilled)
        {
            return SandboxOutcome.Failed(SandboxStatus.OutOfMemory, memory, exit.ExitCode, duration);
        }

        // bwrap exits with 128 + N when signal N ended its child. SIGXCPU is the soft CPU limit, SIGKILL the hard one
        // (nothing else here sends SIGKILL: not the host, which reports its own kills above, nor the OOM killer).
        int signal = exit.ExitCode > 128 && exit.ExitCode <= 128 + 64 ? exit.ExitCode - 128 : 0;
        if (signal is SignalCpuLimit or SignalKill)
        {
            return SandboxOutcome.Failed(
                SandboxStatus.Killed, Invariant($"CPU time limit of {limits.CpuSeconds} s exhausted"), exit.ExitCode, duration);
        }

        if (signal > 0)
        {
            return SandboxOutcome.Failed(
                SandboxStatus.Killed, Invariant($"the sandboxed process was killed by signal {signal}"), exit.ExitCode, duration);
        }

        SandboxOutcome outcome = RunnerProtocol.ReadOutcome(exit.Stdout.Span, exit.ExitCode, duration);
        return outcome.Status == SandboxStatus.OutOfMemory
            ? SandboxOutcome.Failed(SandboxStatus.OutOfMemory, memory, exit.ExitCode, duration)
            : outcome;
    }

    private static async Task<SandboxProcess> StartAsync(
        IReadOnlyList<string> command,
        CgroupHierarchy cgroups,
        BubblewrapOptions options,
        SandboxLimits limits)
    {
        long memory = ((long)limits.MemoryMb * 1024 * 1024) + ((long)Math.Max(1, options.TmpSizeMb) * 1024 * 1024) + CgroupOverheadBytes;
        CgroupGroup? group = cgroups.CreateGroup(memory, Math.Max(1, options.MaxProcesses));
        return await SandboxProcess.StartAsync(command, group).ConfigureAwait(false);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 63, Level = LogLevel.Debug, Message = "Sandboxed tool {ToolName} ended {Status} after {ElapsedMs} ms.")]
    private static partial void LogFinished(ILogger logger, string toolName, SandboxStatus status, long elapsedMs);
}
