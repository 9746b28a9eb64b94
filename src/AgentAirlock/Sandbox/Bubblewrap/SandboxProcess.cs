using System.ComponentModel;
using System.Diagnostics;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// One started sandbox process (prlimit → bwrap → dotnet runner), which serves exactly one invocation. Its stdout
/// and stderr are read concurrently from the start, each capped; a stdout overflow kills it. Every way out (exit,
/// deadline, cancellation, disposal) kills the whole process tree and empties and removes its cgroup.
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    /// <summary>The most a runner may write to stdout: one result document.</summary>
    public const int StdoutCap = 1024 * 1024;

    /// <summary>What is kept of stderr (the tool's console output); the rest is drained and dropped.</summary>
    public const int StderrCap = 64 * 1024;

    // Grace periods are real time, whatever clock the server runs on (see CgroupGroup.RemoveAsync).
    private static readonly TimeSpan s_exitGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_drainGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly CgroupGroup? _group;
    private readonly CappedOutput _stdout = new(StdoutCap);
    private readonly CappedOutput _stderr = new(StderrCap);
    private readonly Task _reading;
    private int _used;
    private int _cleaned;

    private SandboxProcess(Process process, CgroupGroup? group)
    {
        _process = process;
        _group = group;
        Task stdout = _stdout.ReadToEndAsync(process.StandardOutput.BaseStream, Kill);
        Task stderr = _stderr.ReadToEndAsync(process.StandardError.BaseStream, onOverflow: null);
        _reading = Task.WhenAll(stdout, stderr);
    }

    /// <summary>Gets the host process id of the outermost process (bwrap, after the shell and prlimit exec'd it).</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether the process has ended (a pooled one may end while it waits, if it is killed).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>Gets what the process wrote to stderr, up to <see cref="StderrCap"/>: for diagnostics, never for logs.</summary>
    public ReadOnlyMemory<byte> Stderr => _stderr.Bytes;

    /// <summary>
    /// Starts <paramref name="command"/> (an executable and its arguments, never a shell string) inside
    /// <paramref name="group"/> when there is one. Nothing of the host's environment is passed on.
    /// </summary>
    public static async Task<SandboxProcess> StartAsync(IReadOnlyList<string> command, CgroupGroup? group)
    {
        ArgumentNullException.ThrowIfNull(command);
        IReadOnlyList<string> line = group?.Wrap(command) ?? command;
        var startInfo = new ProcessStartInfo(line[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        for (int index = 1; index < line.Count; index++)
        {
            startInfo.ArgumentList.Add(line[index]);
        }

        // bwrap --clearenv empties the sandbox's environment; clearing it here too keeps the server's secrets out of the
        // short-lived shell, prlimit and bwrap processes as well.
        startInfo.Environment.Clear();

        Process process = new() { StartInfo = startInfo };
        try
        {
            await ProcessStarterThread.StartAsync(process).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            if (group is not null)
            {
                await group.RemoveAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new SandboxProcess(process, group);
    }

    /// <summary>
    /// Sends <paramref name="request"/> on stdin, closes it, and waits for the process to end. When
    /// <paramref name="cancellationToken"/> fires (deadline or caller), the whole tree is killed; the exit then says
    /// <see cref="SandboxProcessExit.Cancelled"/>. Never throws for the process's own failures.
    /// </summary>
    public async Task<SandboxProcessExit> RunAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _used, 1) != 0)
        {
            throw new InvalidOperationException("A sandbox process serves exactly one invocation.");
        }

        Task writing = WriteRequestAsync(request);
        bool cancelled = false;
        try
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            Kill();
        }

        await EndAsync().ConfigureAwait(false);
        await writing.ConfigureAwait(false);
        int exitCode = HasExited ? _process.ExitCode : -1;

        // Read before the group is removed: the OOM count lives in it.
        bool outOfMemory = _group?.WasOutOfMemoryKilled() ?? false;
        await CleanUpAsync().ConfigureAwait(false);
        return new SandboxProcessExit(exitCode, cancelled, _stdout.Overflowed, outOfMemory, _stdout.Bytes);
    }

    /// <summary>Kills the whole process tree and every member of the cgroup.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }

        _group?.KillMembers();
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _cleaned) == 0)
        {
            Kill();
            await EndAsync().ConfigureAwait(false);
            await CleanUpAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task WriteRequestAsync(ReadOnlyMemory<byte> request)
    {
        try
        {
            Stream stdin = _process.StandardInput.BaseStream;
            await stdin.WriteAsync(request).ConfigureAwait(false);
            await stdin.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process ended (or was killed) before it read its request; its exit says why.
        }
        finally
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Same: the pipe is already broken.
            }
        }
    }

    private async Task EndAsync()
    {
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(s_exitGrace, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
        }

        try
        {
            // A process of the sandbox that kept the pipes open would keep the readers going: the group sweep ends it.
            await _reading.WaitAsync(s_drainGrace, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
        }
    }

    private async Task CleanUpAsync()
    {
        if (Interlocked.Exchange(ref _cleaned, 1) != 0)
        {
            return;
        }

        if (_group is not null)
        {
            await _group.RemoveAsync().ConfigureAwait(false);
        }
    }
}
