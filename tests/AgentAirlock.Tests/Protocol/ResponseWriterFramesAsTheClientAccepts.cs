using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Protocol;

public sealed class ResponseWriterFramesAsTheClientAccepts
{
    private static async Task<(HttpResponse Response, string Body)> WriteErrorAsync(int status, string? accept)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        context.Response.Body = new MemoryStream();
        using JsonDocument id = JsonDocument.Parse("\"req-1\"");
        await McpResponseWriter.WriteErrorAsync(context, id.RootElement, status, -32602, "Unknown tool: 'x'", new JsonObject { ["closest"] = new JsonArray() });
        return (context.Response, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json, text/event-stream")]
    [InlineData("text/event-stream, application/json")]
    [InlineData("*/*")]
    public async Task An_in_band_answer_is_plain_json_when_the_client_accepts_json(string? accept)
    {
        (HttpResponse response, string body) = await WriteErrorAsync(StatusCodes.Status200OK, accept);

        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.ContentLength);
        JsonNode answer = JsonNode.Parse(body)!;
        Assert.Equal("req-1", (string?)answer["id"]);
        Assert.Equal(-32602, (int?)answer["error"]!["code"]);
        Assert.NotNull(answer["error"]!["data"]!["closest"]);
    }

    [Fact]
    public async Task An_in_band_answer_is_one_sse_frame_when_the_client_accepts_only_an_event_stream()
    {
        (HttpResponse response, string body) = await WriteErrorAsync(StatusCodes.Status200OK, "text/event-stream");

        Assert.Equal("text/event-stream", response.ContentType);
        Assert.StartsWith("event: message\ndata: ", body, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        JsonNode answer = JsonNode.Parse(body["event: message\ndata: ".Length..^2])!;
        Assert.Equal("req-1", (string?)answer["id"]);
    }

    [Fact]
    public async Task A_transport_refusal_is_plain_json_whatever_the_client_accepts()
    {
        (HttpResponse response, string body) = await WriteErrorAsync(StatusCodes.Status400BadRequest, "text/event-stream");

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(-32602, (int?)JsonNode.Parse(body)!["error"]!["code"]);
    }

    [Fact]
    public async Task An_undefined_id_is_written_as_null()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await McpResponseWriter.WriteErrorAsync(context, default, StatusCodes.Status400BadRequest, -32600, "Bad Request: x");

        JsonNode answer = JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!;
        Assert.True(answer.AsObject().ContainsKey("id"));
        Assert.Null(answer["id"]);
    }
}
