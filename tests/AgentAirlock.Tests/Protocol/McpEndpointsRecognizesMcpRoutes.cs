using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Protocol;

public sealed class McpEndpointsRecognizesMcpRoutes
{
    private sealed class Produces(Type? type) : IProducesResponseTypeMetadata
    {
        public Type? Type { get; } = type;

        public int StatusCode => StatusCodes.Status400BadRequest;

        public string? Description => null;

        public IEnumerable<string> ContentTypes => ["application/json"];
    }

    private static Endpoint Endpoint(string? displayName, params object[] metadata) =>
        new(static _ => Task.CompletedTask, new EndpointMetadataCollection(metadata), displayName);

    private static async Task<List<Endpoint>> MappedEndpointsAsync(bool legacySse)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
#pragma warning disable CS0618, MCP9004 // The legacy transport is obsolete; the envelope must still recognize it.
        builder.Services.AddMcpServer().WithHttpTransport(o =>
        {
            o.Stateless = !legacySse;
            o.EnableLegacySse = legacySse;
        });
#pragma warning restore CS0618, MCP9004
        WebApplication app = builder.Build();
        await using (app)
        {
            app.MapMcp("/mcp");
            app.MapGet("/health", () => "ok");
            return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints)];
        }
    }

    [Fact]
    public async Task The_streamable_endpoints_MapMcp_creates_are_recognized()
    {
        List<Endpoint> endpoints = await MappedEndpointsAsync(legacySse: false);

        List<Endpoint> mcp = [.. endpoints.Where(e => e.DisplayName?.Contains("/mcp", StringComparison.Ordinal) == true)];
        Assert.NotEmpty(mcp);
        Assert.Contains(mcp, e => e.DisplayName!.Contains("POST", StringComparison.Ordinal));
        Assert.All(mcp, e => Assert.Equal(McpEndpointKind.StreamableHttp, McpEndpoints.Classify(e)));
    }

    [Fact]
    public async Task Other_routes_are_not_mcp_endpoints()
    {
        List<Endpoint> endpoints = await MappedEndpointsAsync(legacySse: false);

        Endpoint health = Assert.Single(endpoints, e => e.DisplayName?.Contains("/health", StringComparison.Ordinal) == true);
        Assert.Equal(McpEndpointKind.None, McpEndpoints.Classify(health));
    }

    [Fact]
    public async Task The_legacy_sse_message_endpoint_is_recognized_as_legacy()
    {
        List<Endpoint> endpoints = await MappedEndpointsAsync(legacySse: true);

        Endpoint message = Assert.Single(endpoints, e => e.DisplayName?.Contains("/message", StringComparison.Ordinal) == true);
        Assert.Equal(McpEndpointKind.LegacySse, McpEndpoints.Classify(message));
    }

    [Fact]
    public void No_endpoint_is_not_an_mcp_endpoint()
    {
        Assert.Equal(McpEndpointKind.None, McpEndpoints.Classify(null));
    }

    [Fact]
    public void An_endpoint_declaring_the_json_rpc_error_response_is_streamable_whatever_its_name()
    {
        Assert.Equal(McpEndpointKind.StreamableHttp, McpEndpoints.Classify(Endpoint("renamed", new Produces(typeof(JsonRpcError)))));
        Assert.Equal(McpEndpointKind.StreamableHttp, McpEndpoints.Classify(Endpoint(null, new Produces(typeof(JsonRpcError)))));
    }

    [Fact]
    public void The_display_name_is_the_fallback_marker()
    {
        Assert.Equal(McpEndpointKind.StreamableHttp, McpEndpoints.Classify(Endpoint("MCP Streamable HTTP | HTTP: POST /mcp/")));
        Assert.Equal(McpEndpointKind.LegacySse, McpEndpoints.Classify(Endpoint("MCP HTTP with SSE | HTTP: POST /message")));
    }

    [Theory]
    [InlineData("HTTP: POST /mcp")]
    [InlineData("mcp streamable http | HTTP: POST /mcp/")]
    [InlineData(null)]
    public void Endpoints_without_either_marker_are_not_mcp_endpoints(string? displayName)
    {
        Assert.Equal(McpEndpointKind.None, McpEndpoints.Classify(Endpoint(displayName, new Produces(typeof(string)), new Produces(null))));
    }
}
