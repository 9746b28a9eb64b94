using AgentAirlock.IntegrationTests.Infrastructure;
using AgentAirlock.IntegrationTests.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.IntegrationTests.Sanitization;

/// <summary>
/// Hosts with the leaky tools: the sanitizer on its defaults (plus a JSON-framed endpoint standing for a proxied MCP
/// server), with field rules and a short output limit, off, and with each argument mode.
/// </summary>
public sealed class LeakyToolsServers : IAsyncLifetime
{
    internal TestMcpServer Defaults { get; private set; } = null!;

    internal TestMcpServer WithRules { get; private set; } = null!;

    internal TestMcpServer Off { get; private set; } = null!;

    internal TestMcpServer BlockingArguments { get; private set; } = null!;

    internal TestMcpServer MaskingArguments { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Defaults = await StartAsync([], map: MapJsonFramedEndpoint);
        WithRules = await StartAsync(new()
        {
            ["Airlock:Sanitizer:MaxOutputChars"] = "1000",
            ["Airlock:Sanitizer:AllowedEmailDomains:0"] = "trusted.example",
            ["Airlock:Sanitizer:AllowedFields:0"] = "$.phones[0]",
            ["Airlock:Sanitizer:PerTool:leak_contact:Fields:email"] = "TypeOnly",
            ["Airlock:Sanitizer:Strategies:Email"] = "Hash",
            ["Airlock:Sanitizer:HashKey"] = Convert.ToBase64String(new byte[32]),
        });
        Off = await StartAsync(new() { ["Airlock:Sanitizer:Enabled"] = "false" });
        BlockingArguments = await StartAsync(new() { ["Airlock:Sanitizer:Arguments"] = "Block" });
        MaskingArguments = await StartAsync(new() { ["Airlock:Sanitizer:Arguments"] = "Mask" });
    }

    public async Task DisposeAsync()
    {
        await Defaults.DisposeAsync();
        await WithRules.DisposeAsync();
        await Off.DisposeAsync();
        await BlockingArguments.DisposeAsync();
        await MaskingArguments.DisposeAsync();
    }

    private static Task<TestMcpServer> StartAsync(Dictionary<string, string?> settings, Action<WebApplication>? map = null) =>
        TestMcpServer.StartAsync(settings, tools: b => b.WithTools<LeakyTools>(), map: map);

    /// <summary>
    /// An endpoint that answers a <c>tools/call</c> of leak_text with a plain JSON body, as a proxied MCP server may: it
    /// declares the SDK's error type, as the endpoints of MapMcp do, so Airlock protects it as an MCP endpoint.
    /// </summary>
    private static void MapJsonFramedEndpoint(WebApplication app) =>
        app.MapPost("/json-mcp", static async (HttpContext context) =>
        {
            using System.Text.Json.JsonDocument request = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            System.Text.Json.JsonElement root = request.RootElement;
            string text = root.GetProperty("params").GetProperty("arguments").GetProperty("text").GetString() ?? string.Empty;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new
            {
                jsonrpc = "2.0",
                id = root.GetProperty("id"),
                result = new { content = new[] { new { type = "text", text } } },
            }));
        }).WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(JsonRpcError), ["application/json"]));
}
