using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// Runs the real runner (<c>dotnet AgentAirlock.SandboxRunner.dll</c> from this test's output directory, without a
/// sandbox around it) on requests written by <see cref="RunnerProtocol"/>, against tools of this test assembly.
/// </summary>
internal static class RunnerHarness
{
    public static string RunnerPath { get; } = Path.Combine(AppContext.BaseDirectory, SandboxFiles.RunnerFileName);

    public static MethodInfo Method(Type type, string name, params Type[] parameterTypes)
    {
        ArgumentNullException.ThrowIfNull(type);
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        return (parameterTypes.Length == 0 ? type.GetMethod(name, Any) : type.GetMethod(name, Any, parameterTypes))
            ?? throw new ArgumentException($"{type.Name} has no method {name}.", nameof(name));
    }

    public static SandboxInvocation Invocation(MethodInfo method, string arguments = "{}")
    {
        ArgumentNullException.ThrowIfNull(method);
        using var document = JsonDocument.Parse(arguments);
        return new SandboxInvocation(
            method.Name,
            method.Module.Assembly.Location,
            method.DeclaringType!.FullName!,
            method.Name,
            method.MetadataToken,
            document.RootElement.Clone(),
            new SandboxLimits(TimeSpan.FromSeconds(30), 256, 10));
    }

    public static Task<RunnerRun> RunAsync(Type type, string method, string arguments = "{}") =>
        RunAsync(Invocation(Method(type, method), arguments));

    public static Task<RunnerRun> RunAsync(SandboxInvocation invocation, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return RunAsync(RunnerProtocol.WriteRequest(invocation, invocation.AssemblyPath), environment, arguments);
    }

    public static Task<RunnerRun> RunAsync(byte[] stdin, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments) =>
        RunRunnerAsync(RunnerPath, stdin, environment, arguments);

    /// <summary>Runs the runner found at <paramref name="runnerPath"/> (a copy set up differently by the test).</summary>
    public static async Task<RunnerRun> RunRunnerAsync(string runnerPath, byte[] stdin, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(runnerPath);
        ArgumentNullException.ThrowIfNull(stdin);
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(runnerPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        long started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The runner did not start.");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stdout = new MemoryStream();
        Task readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, deadline.Token);
        Task<string> readErr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, deadline.Token);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The runner stops reading a request that is too large and exits; the rest of it has nowhere to go.
        }

        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await readOut;
            string stderr = await readErr;
            return new RunnerRun(stdout.ToArray(), stderr, process.ExitCode, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The runner did not exit within 60 seconds.");
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
