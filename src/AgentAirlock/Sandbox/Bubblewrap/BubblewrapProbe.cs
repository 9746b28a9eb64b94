using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// Checks, once and lazily, that a sandbox can really be made here: it runs the .NET host
/// (<c>dotnet --list-runtimes</c>) under exactly the prlimit and bwrap flags (and cgroup) of a tool invocation. While
/// that fails, every invocation is refused with the reason, and the probe is repeated at most once a minute; once it
/// succeeds the result stands until the options change.
/// </summary>
internal sealed partial class BubblewrapProbe
{
    private static readonly TimeSpan s_retryInterval = TimeSpan.FromSeconds(60);
    private static readonly SandboxLimits s_probeLimits = new(TimeSpan.FromSeconds(20), memoryMb: 128, cpuSeconds: 10);
    private const int MaxReasonLength = 300;

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<CgroupHierarchy> _detectCgroups;
    private Task<BubblewrapAvailability>? _current;
    private long _finishedAt;
    private int _announced;

    public BubblewrapProbe(TimeProvider timeProvider, ILogger logger, Func<CgroupHierarchy>? detectCgroups = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _timeProvider = timeProvider;
        _logger = logger;
        _detectCgroups = detectCgroups ?? (() => CgroupHierarchy.Detect());
    }

    /// <summary>Gets the probe's result for <paramref name="options"/>, probing when there is none or a failure is old.</summary>
    public Task<BubblewrapAvailability> CheckAsync(BubblewrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            if (_current is null
                || (_current.IsCompleted && !_current.Result.IsAvailable
                    && _timeProvider.GetElapsedTime(Volatile.Read(ref _finishedAt)) >= s_retryInterval))
            {
                _current = ProbeAsync(options);
            }

            return _current;
        }
    }

    /// <summary>Forgets the result (the options changed): the next invocation probes again.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _current = null;
            _announced = 0;
        }
    }

    private async Task<BubblewrapAvailability> ProbeAsync(BubblewrapOptions options)
    {
        // Off the caller's thread: process starts and cgroup file writes are synchronous.
        await Task.Yield();
        BubblewrapAvailability availability = await RunProbeAsync(options).ConfigureAwait(false);
        Volatile.Write(ref _finishedAt, _timeProvider.GetTimestamp());
        if (availability.IsAvailable)
        {
            if (Interlocked.Exchange(ref _announced, 1) == 0)
            {
                LogAvailable(_logger, availability.Runtime!.DotnetRoot, availability.Cgroups.Description);
            }
        }
        else
        {
            LogUnavailable(_logger, availability.Reason);
        }

        return availability;
    }

    private async Task<BubblewrapAvailability> RunProbeAsync(BubblewrapOptions options)
    {
        if (!File.Exists(options.BwrapPath))
        {
            return BubblewrapAvailability.Unavailable($"bwrap was not found at {options.BwrapPath}");
        }

        if (!File.Exists(options.PrlimitPath))
        {
            return BubblewrapAvailability.Unavailable($"prlimit was not found at {options.PrlimitPath}");
        }

        HostRuntimeLayout? runtime = HostRuntimeLayout.Find(options.DotnetRoot, out string reason);
        if (runtime is null)
        {
            return BubblewrapAvailability.Unavailable(reason);
        }

        CgroupHierarchy cgroups = _detectCgroups();
        List<string> command = BubblewrapCommandLine.Build(
            options, runtime, [], s_probeLimits, [HostRuntimeLayout.SandboxDotnet, "--list-runtimes"]);
        try
        {
            CgroupGroup? group = cgroups.CreateGroup(256L * 1024 * 1024, Math.Max(options.MaxProcesses, 16));
            await using SandboxProcess process = await SandboxProcess.StartAsync(command, group).ConfigureAwait(false);

            // Real time: the probe is about the machine, and a test's frozen clock must not hang it.
            using var deadline = new CancellationTokenSource(s_probeLimits.Timeout);
            SandboxProcessExit exit = await process.RunAsync(ReadOnlyMemory<byte>.Empty, deadline.Token).ConfigureAwait(false);
            if (exit.Cancelled)
            {
                return BubblewrapAvailability.Unavailable("the probe sandbox did not finish within 20 s");
            }

            if (exit.ExitCode != 0)
            {
                string message = FirstLine(process.Stderr.Span);
                return BubblewrapAvailability.Unavailable(message.Length > 0
                    ? message
                    : string.Create(CultureInfo.InvariantCulture, $"the probe sandbox exited with code {exit.ExitCode}"));
            }

            return BubblewrapAvailability.Available(runtime, cgroups);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
            or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return BubblewrapAvailability.Unavailable($"the probe sandbox could not be started ({exception.GetType().Name}: {exception.Message})");
        }
    }

    private static string FirstLine(ReadOnlySpan<byte> stderr)
    {
        // bwrap's own complaint ("bwrap: No permissions to create new namespace, …"), not tool output: the probe runs no tool.
        string text = Encoding.UTF8.GetString(stderr[..Math.Min(stderr.Length, 4096)]).Trim();
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        string line = (newline >= 0 ? text[..newline] : text).Trim();
        return line.Length > MaxReasonLength ? line[..MaxReasonLength] : line;
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information,
        Message = "Bubblewrap sandbox available (.NET from {DotnetRoot}); limits: namespaces (user, pid, network, ipc, uts, cgroup), rlimits (CPU time, address space, open files, file size), GC heap hard limit, read-only root, size-capped /tmp, {CgroupLayer}")]
    private static partial void LogAvailable(ILogger logger, string dotnetRoot, string cgroupLayer);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning,
        Message = "Bubblewrap sandbox unavailable: {Reason}. Sandboxed tools are refused; everything else is served.")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
