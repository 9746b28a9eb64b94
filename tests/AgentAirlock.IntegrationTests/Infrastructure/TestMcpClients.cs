using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>Clients of the official C# SDK for the test hosts: streamable HTTP over a test server's HTTP client.</summary>
internal static class TestMcpClients
{
    /// <summary>
    /// Connects an MCP client to <paramref name="endpoint"/> through <paramref name="http"/> (which the client then owns),
    /// sending <paramref name="headers"/> with every request.
    /// </summary>
    /// <remarks>
    /// The client's <c>server/discover</c> probe gives up after 5 s by default and then falls back to an
    /// <c>initialize</c> that still carries the 2026-07-28 header, which the SDK's server refuses. The hosts here all
    /// answer the probe, but a fresh host's first request can take that long on a loaded machine: the probe waits as
    /// long as the handshake may. <paramref name="options"/>, when given, are changed to say so.
    /// </remarks>
    public static Task<McpClient> CreateAsync(HttpClient http, Uri endpoint, IDictionary<string, string>? headers = null, McpClientOptions? options = null)
    {
        options ??= new McpClientOptions();
        options.DiscoverProbeTimeout = Timeout.InfiniteTimeSpan;
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = headers,
            },
            http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return McpClient.CreateAsync(transport, options);
    }
}
