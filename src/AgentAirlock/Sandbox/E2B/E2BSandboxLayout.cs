using System.Globalization;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// Where things go inside an E2B sandbox, and the command that runs the runner there. Every path is Airlock's own:
/// nothing of the invocation (tool name, arguments) becomes a path or part of a command.
/// </summary>
internal static class E2BSandboxLayout
{
    /// <summary>The directory of one invocation, in the home of E2B's default user.</summary>
    public const string Root = "/home/user/airlock";

    public const string RunnerDirectory = Root + "/runner";

    public const string ToolDirectory = Root + "/tool";

    public const string RequestPath = Root + "/request.json";

    /// <summary>
    /// The shell script that feeds the request to the runner's stdin. envd's Start has no input of its own (its stdin is
    /// fed by separate SendInput/CloseStdin calls, which race the process and need envd 0.5.2), so the request is an
    /// uploaded file and the shell redirects it. Every value reaches the script as a positional parameter, never as
    /// script text: $1 the .NET host, $2 the runner, $3 the request, $4 the CPU seconds. The CPU limit is an rlimit:
    /// SIGXCPU at the soft limit names the cause; the hard limit a second later is the backstop.
    /// </summary>
    public const string Script =
        "ulimit -H -t \"$(($4 + 1))\" 2>/dev/null; ulimit -S -t \"$4\" 2>/dev/null; exec \"$1\" \"$2\" < \"$3\"";

    /// <summary>Gets the sandbox path of a runner file, from its path relative to the runner's directory.</summary>
    public static string RunnerFile(string relativePath) => Join(RunnerDirectory, relativePath);

    /// <summary>Gets the sandbox path of a tool file, from its path relative to the tool assembly's directory.</summary>
    public static string ToolFile(string relativePath) => Join(ToolDirectory, relativePath);

    /// <summary>Gets the process that runs the runner on the uploaded request.</summary>
    public static E2BProcessSpec RunnerProcess(E2BSettings settings, SandboxLimits limits, string runnerFileName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentException.ThrowIfNullOrEmpty(runnerFileName);
        var environment = new Dictionary<string, string>(settings.Environment, StringComparer.Ordinal)
        {
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_gcServer"] = "0",

            // The managed heap limit turns a memory hog into a clean OutOfMemoryException the runner reports; the
            // sandbox's own memory is the backstop.
            ["DOTNET_GCHeapHardLimit"] = "0x" + ((long)limits.MemoryMb * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture),
        };
        return new E2BProcessSpec(
            "/bin/sh",
            ["-c", Script, "airlock-runner", settings.DotnetPath, RunnerFile(runnerFileName), RequestPath, limits.CpuSeconds.ToString(CultureInfo.InvariantCulture)],
            environment,
            Root);
    }

    private static string Join(string directory, string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        string normalized = relativePath.Replace('\\', '/');
        if (normalized.StartsWith('/') || normalized.Split('/').Any(static segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException("The path must be relative and stay inside its directory.", nameof(relativePath));
        }

        return directory + "/" + normalized;
    }
}
