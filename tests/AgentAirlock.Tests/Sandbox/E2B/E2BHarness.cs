using System.Reflection;
using System.Text.Json;
using AgentAirlock.Sandbox;
using AgentAirlock.Sandbox.E2B;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// An <see cref="E2BSandbox"/> wired as the application wires it (options monitor, the named HTTP clients of
/// <see cref="E2BServiceCollectionExtensions.AddE2BSandboxClients"/>, the system clock), pointed at a fresh
/// <see cref="FakeE2BServer"/> for both planes.
/// </summary>
internal sealed class E2BHarness : IAsyncDisposable
{
    public const string Template = "airlock-dotnet";

    private readonly ServiceProvider _services;

    private E2BHarness(FakeE2BServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
        Sandbox = new E2BSandbox(
            services.GetRequiredService<AirlockOptionsAccessor>(),
            services.GetRequiredService<IHttpClientFactory>(),
            TimeProvider.System,
            services.GetRequiredService<ILoggerFactory>());
    }

    public FakeE2BServer Server { get; }

    public E2BSandbox Sandbox { get; }

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    /// <summary>Gets the resolved E2B settings of the harness's options.</summary>
    public E2BSettings Settings =>
        E2BSettings.Resolve(_services.GetRequiredService<AirlockOptionsAccessor>().Current.Sandbox.E2B, out string? problem)
        ?? throw new InvalidOperationException(problem);

    /// <summary>Gets a control-plane client on the harness's HTTP clients.</summary>
    public E2BControlPlaneClient ControlPlane => new(
        _services.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, _services.GetRequiredService<ILoggerFactory>().CreateLogger("test"));

    /// <summary>Gets an envd client on the harness's HTTP clients.</summary>
    public E2BEnvdClient Envd => new(
        _services.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, _services.GetRequiredService<ILoggerFactory>().CreateLogger("test"));

    /// <summary>Starts a fake and a sandbox using it, with the fake's key unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<E2BHarness> StartAsync(Action<E2BOptions>? configure = null)
    {
        FakeE2BServer server = await FakeE2BServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging(static logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<AirlockOptionsAccessor>();
        services.AddOptions<AirlockOptions>().Configure(options =>
        {
            E2BOptions e2b = options.Sandbox.E2B;
            e2b.ApiKey = FakeE2BServer.ApiKey;
            e2b.Template = Template;
            e2b.ApiUrl = server.Url;
            e2b.SandboxUrl = server.Url;
            configure?.Invoke(e2b);
        });
        services.AddE2BSandboxClients();
        return new E2BHarness(server, services.BuildServiceProvider());
    }

    /// <summary>Gets the benign test tools the runner helper's tests also use.</summary>
    public static Type Tools { get; } = typeof(E2BHarness).Assembly.GetTypes().Single(static type => type.Name == "SandboxTestTools");

    /// <summary>An invocation of a method of the test tools (<c>SandboxTestTools</c>).</summary>
    public static SandboxInvocation Invocation(string method, string arguments, TimeSpan? timeout = null)
    {
        MethodInfo info = Tools.GetMethod(method, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new ArgumentException($"SandboxTestTools has no method {method}.", nameof(method));
        using var document = JsonDocument.Parse(arguments);
        return new SandboxInvocation(
            method,
            info.DeclaringType!.Assembly.Location,
            info.DeclaringType.FullName!,
            info.Name,
            info.MetadataToken,
            document.RootElement.Clone(),
            new SandboxLimits(timeout ?? TimeSpan.FromSeconds(30), 256, 10));
    }

    public ValueTask<SandboxOutcome> RunAsync(string method, string arguments, TimeSpan? timeout = null) =>
        Sandbox.RunAsync(Invocation(method, arguments, timeout), CancellationToken.None);

    /// <summary>Gets all log messages, formatted, with their state values.</summary>
    public string AllLogText() =>
        string.Join("\n", Logs.GetSnapshot().Select(static record =>
            record.Message + " " + string.Join(" ", record.StructuredState?.Select(static pair => pair.Value) ?? [])));

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
