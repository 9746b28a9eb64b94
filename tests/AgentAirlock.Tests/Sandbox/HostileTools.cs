using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AgentAirlock.Tests.Sandbox;

/// <summary>
/// Tools that try to get out of their sandbox or to exhaust the host. Run in-process they would succeed; the sandbox
/// tests show that, sandboxed, each attempt fails or is stopped.
/// </summary>
public static class HostileTools
{
    /// <summary>Reads any file.</summary>
    public static string ReadFile(string path) => File.ReadAllText(path);

    /// <summary>Lists any directory (sorted names).</summary>
    public static string[] ListDirectory(string path) =>
        [.. Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Writes any file.</summary>
    public static string WriteFile(string path, string content)
    {
        File.WriteAllText(path, content);
        return "written";
    }

    /// <summary>Connects to a TCP port.</summary>
    public static string Connect(string host, int port)
    {
        using var client = new TcpClient();
        client.Connect(host, port);
        return "connected";
    }

    /// <summary>Reads its own initial environment, one <c>NAME=value</c> per line.</summary>
    public static string ReadEnvironment() => File.ReadAllText("/proc/self/environ").Replace('\0', '\n');

    /// <summary>Spins forever on one core.</summary>
    public static int Spin()
    {
        long turns = 0;
        while (turns >= 0)
        {
            turns++;
        }

        return (int)turns;
    }

    /// <summary>Allocates (and touches) <paramref name="megabytes"/> MiB of managed memory and keeps it.</summary>
    public static int AllocateManaged(int megabytes)
    {
        var kept = new List<byte[]>();
        for (int index = 0; index < megabytes; index++)
        {
            byte[] chunk = new byte[1024 * 1024];
            chunk.AsSpan().Fill(1);
            kept.Add(chunk);
        }

        return kept.Count;
    }

    /// <summary>Allocates (and touches) <paramref name="megabytes"/> MiB of native memory, out of the GC's sight.</summary>
    public static int AllocateNative(int megabytes)
    {
        var kept = new List<nint>();
        for (int index = 0; index < megabytes; index++)
        {
            nint chunk = Marshal.AllocHGlobal(1024 * 1024);
            for (int offset = 0; offset < 1024 * 1024; offset += 4096)
            {
                Marshal.WriteByte(chunk, offset, 1);
            }

            kept.Add(chunk);
        }

        return kept.Count;
    }

    /// <summary>
    /// Forks children that wait, until a fork is refused; then kills and reaps them, and returns how many forks
    /// succeeded and how many were refused (at most one).
    /// </summary>
    public static string ForkUntilRefused(int most)
    {
        var children = new List<int>();
        int refused = 0;
        while (children.Count < most)
        {
            int pid = NativeMethods.Fork();
            if (pid == 0)
            {
                while (true)
                {
                    _ = NativeMethods.Pause();
                }
            }

            if (pid < 0)
            {
                refused++;
                break;
            }

            children.Add(pid);
        }

        foreach (int child in children)
        {
            _ = NativeMethods.Kill(child, 9);
            _ = NativeMethods.WaitPid(child, 0, 0);
        }

        return $"{children.Count} {refused}";
    }

    /// <summary>A fork bomb: every process forks forever (pausing briefly after a refused fork). Never returns.</summary>
    public static int ForkBomb()
    {
        int refused = 0;
        while (refused >= 0)
        {
            if (NativeMethods.Fork() < 0)
            {
                refused++;
                _ = NativeMethods.Sleep(10_000);
            }
        }

        return refused;
    }

    /// <summary>Writes <paramref name="megabytes"/> MiB straight to stdout, where the runner's result goes.</summary>
    public static string FloodStdout(int megabytes)
    {
        using Stream stdout = Console.OpenStandardOutput();
        byte[] line = new byte[1024 * 1024];
        line.AsSpan().Fill((byte)'x');
        for (int index = 0; index < megabytes; index++)
        {
            stdout.Write(line);
        }

        return "flooded";
    }

    /// <summary>Prints <paramref name="megabytes"/> MiB with Console.Write (which the runner sends to stderr).</summary>
    public static string FloodConsole(int megabytes)
    {
        string line = new('y', 1023);
        for (int index = 0; index < megabytes * 1024; index++)
        {
            Console.WriteLine(line);
        }

        return "printed";
    }

    private static class NativeMethods
    {
        [DllImport("libc.so.6", EntryPoint = "fork")]
        public static extern int Fork();

        [DllImport("libc.so.6", EntryPoint = "usleep")]
        public static extern int Sleep(uint microseconds);

        [DllImport("libc.so.6", EntryPoint = "pause")]
        public static extern int Pause();

        [DllImport("libc.so.6", EntryPoint = "kill")]
        public static extern int Kill(int pid, int signal);

        [DllImport("libc.so.6", EntryPoint = "waitpid")]
        public static extern int WaitPid(int pid, nint status, int options);
    }
}
