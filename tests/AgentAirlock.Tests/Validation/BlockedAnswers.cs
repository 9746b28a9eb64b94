using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Protocol;
using AgentAirlock.Tests.Protocol;
using AgentAirlock.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace AgentAirlock.Tests.Validation;

/// <summary>Runs a call through the checker and writes the refusal exactly as the validation layer does.</summary>
internal static class BlockedAnswers
{
    public static BlockedAnswer Refuse(ToolSchema tool, string arguments, bool ghostsStripped = false)
    {
        return tool.WithScratch(arguments, strictTypes: true, scratch =>
        {
            Assert.NotEmpty(scratch.Problems);
            return ValidationAnswers.Refuse(tool.Descriptor(), scratch, ghostsStripped);
        });
    }

    /// <summary>The JSON-RPC response the client receives.</summary>
    public static async Task<JsonNode> WriteAsync(BlockedAnswer answer, string? protocolVersion = null, bool toolHasOutputSchema = false)
    {
        HttpRequest http = protocolVersion is null
            ? Envelope.Request()
            : Envelope.Request(("MCP-Protocol-Version", protocolVersion), ("Mcp-Method", "tools/call"), ("Mcp-Name", answer.ToolName));
        using McpRequest request = Envelope.Accept(Envelope.ToolCall("{}", name: answer.ToolName, id: "7"), http);
        var body = new MemoryStream();
        http.HttpContext.Response.Body = body;

        var writer = new McpResponseWriter(Microsoft.Extensions.Options.Options.Create(new McpServerOptions()), new FixedShapes(toolHasOutputSchema));
        await writer.WriteBlockedAsync(http.HttpContext, request, answer);

        Assert.Equal(StatusCodes.Status200OK, http.HttpContext.Response.StatusCode);
        return JsonNode.Parse(body.ToArray())!;
    }

    public static async Task<string> WrittenTextAsync(ToolSchema tool, string arguments, bool ghostsStripped = false)
    {
        JsonNode response = await WriteAsync(Refuse(tool, arguments, ghostsStripped));
        return response.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Answers "does the tool declare an output schema" the same way for every tool.</summary>
    internal sealed class FixedShapes(bool declaresOutputSchema) : IToolDirectory
    {
        public bool Exists(string toolName) => true;

        public bool DeclaresOutputSchema(string toolName) => declaresOutputSchema;
    }
}
