using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>One sample server process on a free loopback port, started from the repository root.</summary>
internal sealed class SampleServer : IDisposable
{
    private const int KeptOutputLines = 40;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SampleServer(string name, Process process, Uri baseAddress, string auditDirectory)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        AuditDirectory = auditDirectory;
    }

    /// <summary>Gets the directory of this server's audit files: its own, so that no two servers write one chain.</summary>
    public string AuditDirectory { get; }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public int ProcessId => _process.Id;

    /// <summary>Gets the CPU time the server has used so far (user and kernel, all threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Gets the CPU time the runtime's tiered-compilation threads have used so far, by thread id (Linux <c>/proc</c>;
    /// <see langword="null"/> elsewhere). While it grows under load, the server is still compiling its hot code. The
    /// runtime ends the thread after some idle seconds and starts another when there is work again.
    /// </summary>
    public Dictionary<int, TimeSpan>? TieredCompilationCpuTimes()
    {
        string tasks = $"/proc/{_process.Id}/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        var times = new Dictionary<int, TimeSpan>();
        foreach (string task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }

                // utime and stime (fields 14 and 15, in clock ticks of 10 ms), counted after the name in parentheses.
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                times[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = TimeSpan.FromMilliseconds(ticks * 10);
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return times;
    }

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the sample with <paramref name="configuration"/> (command-line overrides such as <c>--Airlock:Enabled=false</c>).</summary>
    public static Task<SampleServer> StartAsync(string name, SampleServerSettings settings, IReadOnlyList<string> configuration, CancellationToken cancellationToken) =>
        StartAsync(name, settings, [settings.SampleDll], configuration, cancellationToken);

    /// <summary>Starts one variant of <c>serve</c> of this program (see ExperimentHost).</summary>
    public static Task<SampleServer> StartExperimentAsync(string variant, SampleServerSettings settings, IReadOnlyList<string> configuration, CancellationToken cancellationToken) =>
        StartAsync(variant, settings, [typeof(SampleServer).Assembly.Location, "serve", "--variant", variant], configuration, cancellationToken,
            // This program is a console application (workstation GC); the sample, a web application, runs with server GC.
            environment: new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" });

    private static async Task<SampleServer> StartAsync(string name, SampleServerSettings options, string[] program, IReadOnlyList<string> configuration,
        CancellationToken cancellationToken, Dictionary<string, string>? environment = null)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = options.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string key, string value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        foreach (string argument in program)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");

        // Logging at Warning, as in the reference measurements: Information console logging halves throughput.
        start.ArgumentList.Add("--Serilog:MinimumLevel:Default=Warning");
        start.ArgumentList.Add("--Serilog:MinimumLevel:Override:AgentAirlock=" + options.AirlockLogLevel);
        start.ArgumentList.Add("--Serilog:MinimumLevel:Override:Microsoft.Hosting=Warning");
        string auditDirectory = Directory.CreateTempSubdirectory("airlock-bench-audit-").FullName;
        start.ArgumentList.Add("--Airlock:Audit:Path=" + Path.Combine(auditDirectory, "airlock-audit-.jsonl"));
        foreach (string setting in configuration)
        {
            start.ArgumentList.Add(setting);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var server = new SampleServer(name, process, new Uri($"http://127.0.0.1:{port}/"), auditDirectory);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    public void Dispose()
    {
        ChildProcess.Stop(_process);
        if (Directory.Exists(AuditDirectory))
        {
            Directory.Delete(AuditDirectory, recursive: true);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {Name} server exited with code {_process.ExitCode}:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using HttpResponseMessage response = await client.GetAsync(BaseAddress, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Starting up slowly.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The {Name} server did not answer on {BaseAddress} within 60 s:{Environment.NewLine}{RecentOutput}");
    }
}
