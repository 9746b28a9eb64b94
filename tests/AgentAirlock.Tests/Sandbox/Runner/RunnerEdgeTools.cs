using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>Tool methods the runner must refuse, or must report a specific failure for.</summary>
public static class RunnerEdgeTools
{
    public static string NeedsServer(McpServer server) => server?.GetType().Name ?? "";

    public static string NeedsRequest(RequestContext<CallToolRequestParams> request) => request?.GetType().Name ?? "";

    public static string NeedsServices(IServiceProvider services) => services?.GetType().Name ?? "";

    public static string NeedsKeyed([FromKeyedServices("clock")] TimeProvider clock) => clock?.GetType().Name ?? "";

    public static string NeedsLogger(string text, ILogger logger) => logger is null ? text : text + "!";

    public static string OptionalLogger(string text, ILogger? logger = null) => logger is null ? text : text + "!";

    public static int Nullable(int? value) => value ?? -1;

    public static Task<string> NullTask() => null!;

    /// <summary>Loads a package assembly the runner does not have, from the tool's own dependency manifest.</summary>
    public static string DependencyName() => typeof(NJsonSchema.JsonSchema).Assembly.GetName().Name!;

    /// <summary>Uses a type of the ASP.NET Core shared framework, as a tool declared in an ASP.NET Core application may.</summary>
    public static string FrameworkName() => typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.GetName().Name!;

    /// <summary>Allocates until the managed heap limit is reached.</summary>
    public static int Exhaust()
    {
        var kept = new List<byte[]>();
        while (true)
        {
            byte[] chunk = new byte[1024 * 1024];
            chunk.AsSpan().Fill(1);
            kept.Add(chunk);
        }
    }

    /// <summary>Throws an exception whose inner exception is out of memory, as a tool that wraps failures does.</summary>
    public static int WrappedOutOfMemory()
    {
        try
        {
            return Exhaust();
        }
        catch (OutOfMemoryException exception)
        {
            throw new InvalidOperationException("wrapped", exception);
        }
    }

    internal static int Hidden() => 1;
}
