using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// Runs each invocation in its own E2B sandbox (a Firecracker microVM): create one from the configured template (or
/// take one from the warm pool), upload the runner, the tool's assemblies and the request, run the runner with
/// envd's process service, read its result, and kill the sandbox, whatever happened. The whole call is bounded by the
/// invocation's timeout.
/// </summary>
internal sealed partial class E2BSandbox : ISandbox, ISandboxWarmUp, IAsyncDisposable
{
    // E2B ends a sandbox by itself this long after the call's deadline, should Airlock's own kill never arrive.
    private const int LifetimeMarginSeconds = 30;
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(30);

    private readonly AirlockOptionsAccessor _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly E2BControlPlaneClient _controlPlane;
    private readonly E2BEnvdClient _envd;
    private readonly E2BWarmPool _pool;

    public E2BSandbox(
        AirlockOptionsAccessor options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<E2BSandbox>();
        _controlPlane = new E2BControlPlaneClient(httpClientFactory, timeProvider, _logger);
        _envd = new E2BEnvdClient(httpClientFactory, timeProvider, _logger);
        _pool = new E2BWarmPool(_controlPlane, CurrentSettings, KillQuietlyAsync, timeProvider, _logger);
    }

    public string Name => "e2b";

    /// <summary>Gets how many pooled sandboxes are waiting.</summary>
    internal int PooledCount => _pool.Count;

    /// <summary>
    /// Starts filling the warm pool (when <c>Airlock:Sandbox:E2B:PoolSize</c> asks for one) without waiting for the
    /// first call; calls fill it too.
    /// </summary>
    public void WarmUp() => _pool.Fill();

    /// <summary>Fills the warm pool (when <c>PoolSize</c> asks for one) at start-up rather than on the first call.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken)
    {
        WarmUp();
        return Task.CompletedTask;
    }

    public async ValueTask<SandboxOutcome> RunAsync(SandboxInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        long started = _timeProvider.GetTimestamp();
        E2BSettings? settings = E2BSettings.Resolve(_options.Current.Sandbox.E2B, out string? problem);
        if (settings is null)
        {
            return SandboxOutcome.Failed(SandboxStatus.Unavailable, problem!, null, _timeProvider.GetElapsedTime(started));
        }

        IReadOnlyList<E2BUpload> uploads;
        byte[] request;
        string runnerFileName;
        try
        {
            (uploads, request, runnerFileName) = Prepare(invocation);
        }
        catch (E2BCallException exception)
        {
            return SandboxOutcome.Failed(exception.Status, exception.Message, null, _timeProvider.GetElapsedTime(started));
        }

        using var deadline = new CancellationTokenSource(invocation.Limits.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        E2BSandboxHandle? sandbox = null;
        try
        {
            sandbox = await AcquireAsync(settings, invocation.Limits.Timeout, linked.Token).ConfigureAwait(false);
            await _envd.UploadAsync(sandbox, [.. uploads, E2BUpload.FromBytes(E2BSandboxLayout.RequestPath, request)], linked.Token)
                .ConfigureAwait(false);

            TimeSpan remaining = invocation.Limits.Timeout - _timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return TimedOut(invocation, started);
            }

            long processStarted = _timeProvider.GetTimestamp();
            E2BProcessResult process = await _envd.RunAsync(
                sandbox, E2BSandboxLayout.RunnerProcess(settings, invocation.Limits, runnerFileName), remaining, linked.Token).ConfigureAwait(false);
            return Outcome(invocation, process, remaining, _timeProvider.GetElapsedTime(processStarted), started);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TimedOut(invocation, started);
        }
        catch (E2BCallException exception)
        {
            LogCallFailed(_logger, sandbox?.SandboxId ?? "(none)", exception.Status, exception.Message);
            return SandboxOutcome.Failed(exception.Status, exception.Message, null, _timeProvider.GetElapsedTime(started));
        }
        finally
        {
            if (sandbox is not null)
            {
                await KillQuietlyAsync(sandbox).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    private E2BSettings? CurrentSettings() => E2BSettings.Resolve(_options.Current.Sandbox.E2B, out _) is { PoolSize: > 0 } settings ? settings : null;

    /// <summary>
    /// Lists what goes into the sandbox: the runner's files under <see cref="E2BSandboxLayout.RunnerDirectory"/>, the
    /// tool's assemblies under <see cref="E2BSandboxLayout.ToolDirectory"/> (never the server's configuration: the
    /// files are chosen from the manifests, see <see cref="SandboxFiles"/>), and the request naming the tool assembly
    /// where the runner will find it.
    /// </summary>
    private (IReadOnlyList<E2BUpload> Uploads, byte[] Request, string RunnerFileName) Prepare(SandboxInvocation invocation)
    {
        if (!SandboxFiles.TryFindRunner(_options.Current.Sandbox, out string? runnerPath, out string? problem))
        {
            // The problem names host paths: the server's log gets them, the caller only the gist.
            LogRunnerMissing(_logger, problem);
            throw new E2BCallException(SandboxStatus.Unavailable, "The sandbox runner is not installed on the server (see its log).");
        }

        if (!File.Exists(invocation.AssemblyPath))
        {
            throw new E2BCallException(SandboxStatus.Failed, "The tool's assembly is not where the server loaded it from.");
        }

        var uploads = new List<E2BUpload>();
        try
        {
            string runnerDirectory = Path.GetDirectoryName(runnerPath)!;
            foreach (string file in SandboxFiles.RunnerFiles(runnerPath))
            {
                uploads.Add(E2BUpload.FromFile(E2BSandboxLayout.RunnerFile(Path.GetRelativePath(runnerDirectory, file)), file));
            }

            string toolDirectory = Path.GetDirectoryName(Path.GetFullPath(invocation.AssemblyPath))!;
            foreach (string file in SandboxFiles.ToolFiles(invocation.AssemblyPath))
            {
                uploads.Add(E2BUpload.FromFile(E2BSandboxLayout.ToolFile(Path.GetRelativePath(toolDirectory, file)), file));
            }
        }
        catch (ArgumentException exception)
        {
            throw new E2BCallException(SandboxStatus.Failed, "A file the tool needs lies outside its directory and cannot be uploaded.", exception);
        }
        catch (IOException exception)
        {
            throw new E2BCallException(SandboxStatus.Failed, "The files of the tool or of the runner could not be listed.", exception);
        }

        string assemblyInSandbox = E2BSandboxLayout.ToolFile(Path.GetFileName(invocation.AssemblyPath));
        return (uploads, RunnerProtocol.WriteRequest(invocation, assemblyInSandbox), Path.GetFileName(runnerPath));
    }

    private async Task<E2BSandboxHandle> AcquireAsync(E2BSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        int lifetime = checked((int)Math.Ceiling(timeout.TotalSeconds)) + LifetimeMarginSeconds;
        if (settings.PoolSize > 0)
        {
            E2BSandboxHandle? pooled = _pool.TryTake(settings);
            if (pooled is not null)
            {
                bool shortened;
                try
                {
                    // From now on the pooled sandbox lives as long as a fresh one would: no longer than this call needs.
                    shortened = await _controlPlane.SetTimeoutAsync(pooled, lifetime, cancellationToken).ConfigureAwait(false);
                }
                catch (E2BCallException exception)
                {
                    LogPooledUnusable(_logger, pooled.SandboxId, exception.Message);
                    shortened = false;
                }
                catch (OperationCanceledException)
                {
                    _ = KillQuietlyAsync(pooled);
                    throw;
                }

                if (shortened)
                {
                    LogUsingPooled(_logger, pooled.SandboxId);
                    return pooled;
                }

                _ = KillQuietlyAsync(pooled);
            }
        }

        E2BSandboxHandle sandbox = await _controlPlane.CreateAsync(settings, lifetime, "invocation", cancellationToken).ConfigureAwait(false);
        LogCreated(_logger, sandbox.SandboxId);
        return sandbox;
    }

    private SandboxOutcome Outcome(SandboxInvocation invocation, E2BProcessResult process, TimeSpan processDeadline, TimeSpan processTime, long started)
    {
        TimeSpan duration = _timeProvider.GetElapsedTime(started);
        if (!process.Exited)
        {
            string status = process.Status ?? "signal";
            if (status.Contains("CPU time limit", StringComparison.Ordinal))
            {
                return SandboxOutcome.Failed(SandboxStatus.Killed,
                    $"The tool used up its {invocation.Limits.CpuSeconds} s of CPU time and was killed.", process.ExitCode, duration);
            }

            // envd kills the process at the Connect deadline (SIGKILL, "signal: killed"); a signal that came at the
            // deadline is the deadline's.
            if (processTime >= processDeadline - TimeSpan.FromMilliseconds(50))
            {
                return TimedOut(invocation, started);
            }

            return SandboxOutcome.Failed(SandboxStatus.Killed,
                $"The runner was killed by a signal ({E2BErrorMessage.Clean(status, "", null)}), perhaps for lack of memory in the sandbox.",
                process.ExitCode, duration);
        }

        return RunnerProtocol.ReadOutcome(process.Stdout, process.ExitCode, duration);
    }

    private SandboxOutcome TimedOut(SandboxInvocation invocation, long started) =>
        SandboxOutcome.Failed(SandboxStatus.TimedOut,
            $"The tool did not finish within {invocation.Limits.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s; the sandbox was killed.",
            null, _timeProvider.GetElapsedTime(started));

    private async Task KillQuietlyAsync(E2BSandboxHandle sandbox)
    {
        // Not tied to the caller's token: a cancelled call must still end its sandbox.
        using var timeout = new CancellationTokenSource(KillTimeout, _timeProvider);
        try
        {
            bool killed = await _controlPlane.KillAsync(sandbox, timeout.Token).ConfigureAwait(false);
            LogKilled(_logger, sandbox.SandboxId, killed);
        }
        catch (E2BCallException exception)
        {
            LogKillFailed(_logger, sandbox.SandboxId, exception.Message);
        }
        catch (OperationCanceledException)
        {
            LogKillFailed(_logger, sandbox.SandboxId, "E2B did not answer in time.");
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "E2B sandbox calls cannot run: {Problem}.")]
    private static partial void LogRunnerMissing(ILogger logger, string problem);

    [LoggerMessage(EventId = 95, Level = LogLevel.Debug, Message = "Created E2B sandbox {SandboxId}.")]
    private static partial void LogCreated(ILogger logger, string sandboxId);

    [LoggerMessage(EventId = 96, Level = LogLevel.Debug, Message = "Using pooled E2B sandbox {SandboxId}.")]
    private static partial void LogUsingPooled(ILogger logger, string sandboxId);

    [LoggerMessage(EventId = 97, Level = LogLevel.Information, Message = "Pooled E2B sandbox {SandboxId} could not be used ({Problem}); creating another.")]
    private static partial void LogPooledUnusable(ILogger logger, string sandboxId, string problem);

    [LoggerMessage(EventId = 98, Level = LogLevel.Debug, Message = "Killed E2B sandbox {SandboxId} (E2B still knew it: {Known}).")]
    private static partial void LogKilled(ILogger logger, string sandboxId, bool known);

    [LoggerMessage(EventId = 99, Level = LogLevel.Warning,
        Message = "E2B sandbox {SandboxId} could not be killed ({Problem}); E2B ends it when its lifetime is over.")]
    private static partial void LogKillFailed(ILogger logger, string sandboxId, string problem);

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "A sandboxed call in E2B sandbox {SandboxId} failed ({Status}): {Problem}")]
    private static partial void LogCallFailed(ILogger logger, string sandboxId, SandboxStatus status, string problem);
}
