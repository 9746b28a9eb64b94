using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using AgentAirlock.Sandbox;
using ModelContextProtocol.Server;

namespace AgentAirlock.IntegrationTests.Tools;

/// <summary>
/// Tools that try what a compromised or buggy tool would try — read the host's secrets, write outside their scratch
/// space, reach the network, exhaust CPU, memory or processes — each run in Airlock's sandbox.
/// </summary>
[McpServerToolType]
public sealed partial class SandboxProbeTools
{
    [McpServerTool(Name = "sandbox_whoami"), Description("Reports the process id and the Uid line of /proc/self/status.")]
    [AirlockSandbox]
    public static string WhoAmI() =>
        Environment.ProcessId + " " + File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));

    [McpServerTool(Name = "sandbox_read"), Description("Reads a file.")]
    [AirlockSandbox]
    public static string Read(string path) => File.ReadAllText(path);

    [McpServerTool(Name = "sandbox_list"), Description("Lists a directory.")]
    [AirlockSandbox]
    public static string[] List(string path) => [.. Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [McpServerTool(Name = "sandbox_write"), Description("Writes a file, then reads it back.")]
    [AirlockSandbox]
    public static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return File.ReadAllText(path);
    }

    [McpServerTool(Name = "sandbox_exists"), Description("Tells whether a file exists.")]
    [AirlockSandbox]
    public static bool Exists(string path) => File.Exists(path);

    [McpServerTool(Name = "sandbox_connect"), Description("Connects to a TCP port of the loopback interface.")]
    [AirlockSandbox(TimeoutSeconds = 10)]
    public static string Connect(int port)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        return "connected";
    }

    [McpServerTool(Name = "sandbox_environment"), Description("Returns the process's environment as the kernel holds it.")]
    [AirlockSandbox]
    public static string[] EnvironmentBlock() =>
        [.. File.ReadAllText("/proc/self/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    [McpServerTool(Name = "sandbox_spin"), Description("Never returns.")]
    [AirlockSandbox(TimeoutSeconds = 2, CpuSeconds = 30)]
    public static int Spin()
    {
        long i = 0;
        while (i >= 0)
        {
            i = (i + 1) % long.MaxValue;
        }

        return (int)i;
    }

    [McpServerTool(Name = "sandbox_allocate"), Description("Allocates and touches the given number of MiB.")]
    [AirlockSandbox(MemoryMb = 64, TimeoutSeconds = 20)]
    public static int Allocate(int megabytes)
    {
        var blocks = new List<byte[]>();
        for (int i = 0; i < megabytes; i++)
        {
            byte[] block = new byte[1024 * 1024];
            Array.Fill(block, (byte)i);
            blocks.Add(block);
        }

        return blocks.Count;
    }

    [McpServerTool(Name = "sandbox_fork_bomb"), Description("Forks without end.")]
    [AirlockSandbox(TimeoutSeconds = 3)]
    public static int ForkBomb()
    {
        int refused = 0;
        while (true)
        {
            // Every child forks as well; only the sandbox's process limit and deadline stop them.
            if (Fork() < 0)
            {
                refused++;
            }
        }
    }

    [McpServerTool(Name = "sandbox_throw"), Description("Throws.")]
    [AirlockSandbox]
    public static string Throw(string message) => throw new InvalidOperationException(message);

    [McpServerTool(Name = "sandbox_sleep"), Description("Sleeps, then answers.")]
    [AirlockSandbox(TimeoutSeconds = 20)]
    public static async Task<string> Sleep(int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return "slept " + milliseconds;
    }

    [McpServerTool(Name = "sandbox_measure", UseStructuredContent = true), Description("Returns a structured measurement.")]
    [AirlockSandbox]
    public static Measurement Measure(string name, double value) => Measurement.Of(name, value);

    [McpServerTool(Name = "measure_in_process", UseStructuredContent = true), Description("The same, in the server's process.")]
    public static Measurement MeasureInProcess(string name, double value) => Measurement.Of(name, value);

    [McpServerTool(Name = "glob_whoami"), Description("Reports the process id; sandboxed only when configuration names it.")]
    public static string GlobWhoAmI() => Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LibraryImport("libc", EntryPoint = "fork", SetLastError = true)]
    private static partial int Fork();
}

/// <summary>A structured tool result.</summary>
public sealed record Measurement(string Name, double Value, string Unit, IReadOnlyList<int> Digits)
{
    public static Measurement Of(string name, double value) =>
        new(name, value, "m", [.. Math.Abs(value).ToString(System.Globalization.CultureInfo.InvariantCulture).Where(char.IsDigit).Select(c => c - '0')]);
}
