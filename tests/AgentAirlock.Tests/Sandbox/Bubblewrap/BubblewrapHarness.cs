using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using AgentAirlock.Sandbox;
using AgentAirlock.Sandbox.Bubblewrap;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

/// <summary>
/// A <see cref="BubblewrapSandbox"/> wired as the application wires it (options monitor, system clock, logging), with
/// the real bwrap, prlimit and runner, running tools of this test assembly. Every sandbox it starts carries a marker
/// variable unique to the harness, so that the host's /proc shows exactly this harness's sandbox processes.
/// </summary>
internal sealed class BubblewrapHarness : IAsyncDisposable
{
    public const string MarkerVariable = "AIRLOCK_TEST_MARKER";

    private readonly ServiceProvider _services;

    private BubblewrapHarness(ServiceProvider services, string marker, string? contentRoot, TimeProvider? clock)
    {
        _services = services;
        Marker = marker;
        Sandbox = new BubblewrapSandbox(
            services.GetRequiredService<AirlockOptionsAccessor>(),
            clock ?? TimeProvider.System,
            services.GetRequiredService<ILoggerFactory>(),
            contentRoot is null ? null : new HostingEnvironment { ContentRootPath = contentRoot });
    }

    public string Marker { get; }

    public BubblewrapSandbox Sandbox { get; }

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    /// <summary>Creates a harness; <paramref name="configure"/> adjusts the bubblewrap options, <paramref name="clock"/> replaces the system clock.</summary>
    public static BubblewrapHarness Create(Action<BubblewrapOptions>? configure = null, string? contentRoot = null, TimeProvider? clock = null)
    {
        string marker = Guid.NewGuid().ToString("N");
        var services = new ServiceCollection();
        services.AddLogging(static logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<AirlockOptionsAccessor>();
        services.AddOptions<AirlockOptions>().Configure(options =>
        {
            BubblewrapOptions bubblewrap = options.Sandbox.Bubblewrap;
            bubblewrap.Environment[MarkerVariable] = marker;
            bubblewrap.MaxProcesses = 32;
            configure?.Invoke(bubblewrap);
        });
        return new BubblewrapHarness(services.BuildServiceProvider(), marker, contentRoot, clock);
    }

    /// <summary>Small limits, so that a test that reaches one reaches it quickly.</summary>
    public static SandboxLimits Limits(double timeoutSeconds = 10, int memoryMb = 64, int cpuSeconds = 5) =>
        new(TimeSpan.FromSeconds(timeoutSeconds), memoryMb, cpuSeconds);

    /// <summary>An invocation of a public static method of <paramref name="type"/> in this test assembly.</summary>
    public static SandboxInvocation Invocation(Type type, string method, string arguments, SandboxLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        MethodInfo info = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new ArgumentException($"{type.Name} has no method {method}.", nameof(method));
        using var document = JsonDocument.Parse(arguments);
        return new SandboxInvocation(
            method,
            type.Assembly.Location,
            type.FullName!,
            info.Name,
            info.MetadataToken,
            document.RootElement.Clone(),
            limits ?? Limits());
    }

    public ValueTask<SandboxOutcome> RunAsync(Type type, string method, string arguments, SandboxLimits? limits = null) =>
        Sandbox.RunAsync(Invocation(type, method, arguments, limits), CancellationToken.None);

    /// <summary>Gets the value of a completed outcome as text (a JSON string's value, else the raw JSON).</summary>
    public static string Value(SandboxOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Assert.True(
            outcome.Status == SandboxStatus.Completed,
            string.Create(CultureInfo.InvariantCulture, $"expected Completed, got {outcome.Status}: {outcome.Detail} (exit {outcome.ExitCode})"));
        JsonElement value = outcome.Result.GetProperty("value");
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    /// <summary>Gets the host process ids of this harness's sandbox processes that are alive now.</summary>
    public IReadOnlyList<int> SandboxProcesses() => ProcessesWith(MarkerVariable + "=" + Marker);

    /// <summary>Gets the host process ids whose initial environment holds <paramref name="entry"/> exactly.</summary>
    public static IReadOnlyList<int> ProcessesWith(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[] needle = Encoding.UTF8.GetBytes(entry);
        var found = new List<int>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            byte[] environ;
            try
            {
                environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (Range range in environ.AsSpan().Split((byte)0))
            {
                if (environ.AsSpan(range).SequenceEqual(needle))
                {
                    found.Add(pid);
                    break;
                }
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await _services.DisposeAsync();
    }
}
