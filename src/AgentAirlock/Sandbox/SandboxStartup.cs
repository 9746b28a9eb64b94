using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace AgentAirlock.Sandbox;

/// <summary>
/// At start-up: names the sandboxed tools that cannot run in the sandbox (their calls will be refused), and, when any
/// tool is sandboxed, warms the backend up (bubblewrap's probe, E2B's pool) without holding up the start.
/// </summary>
internal sealed partial class SandboxStartup : IHostedService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly SandboxedToolSelector _selector;
    private readonly AirlockOptionsAccessor _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;

    public SandboxStartup(IServiceProvider services, SandboxedToolSelector selector, AirlockOptionsAccessor options, ILogger<SandboxStartup> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _services = services;
        _selector = selector;
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SandboxOptions options = _options.Current.Sandbox;
        int sandboxed = 0;
        foreach (McpServerTool tool in _services.GetService<IOptions<McpServerOptions>>()?.Value.ToolCollection ?? [])
        {
            if (!_selector.TryGetSandboxed(tool, options, out SandboxedTool? described))
            {
                continue;
            }

            sandboxed++;
            if (described.Problem is not null)
            {
                LogCannotRun(_logger, described.Name, described.Problem);
            }
        }

        if (sandboxed > 0 && _services.GetRequiredService<ISandbox>() is ISandboxWarmUp backend)
        {
            _ = WarmUpAsync(backend);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped after its services were disposed (a factory disposed twice); then there is nothing to stop.
        return Interlocked.Exchange(ref _stopped, 1) == 0 ? _stopping.CancelAsync() : Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _stopped, 1);
        _stopping.Dispose();
    }

    private async Task WarmUpAsync(ISandboxWarmUp backend)
    {
        try
        {
            await Task.Yield();
            await backend.WarmUpAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host stopped first.
        }
        catch (Exception exception)
        {
            // The backend reports what is wrong on every call as well; the start goes on.
            string exceptionType = exception.GetType().Name;
            LogWarmUpFailed(_logger, exceptionType);
        }
    }

    [LoggerMessage(EventId = 51, EventName = "AirlockSandboxToolCannotRun", Level = LogLevel.Warning,
        Message = "Tool {Tool} is marked for Airlock's sandbox but cannot run there: {Problem}. Its calls will be refused with sandbox_error")]
    private static partial void LogCannotRun(ILogger logger, string tool, string problem);

    [LoggerMessage(EventId = 52, EventName = "AirlockSandboxWarmUpFailed", Level = LogLevel.Warning,
        Message = "Airlock's sandbox backend could not warm up ({ExceptionType}); the first sandboxed call will try again")]
    private static partial void LogWarmUpFailed(ILogger logger, string exceptionType);
}
