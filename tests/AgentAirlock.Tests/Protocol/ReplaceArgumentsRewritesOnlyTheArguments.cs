using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Protocol;

public sealed class ReplaceArgumentsRewritesOnlyTheArguments
{
    private const string Original =
        """{"jsonrpc":"2.0","id":1.50,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"ghost":{"x":[1,2]},"b":2},"_meta":{"progressToken":"p-1","n":1.0e5,"t":"grüße \u00e9 \"q\" \u2028 😀"},"extra":[true,null,{"k":"v"}]},"trailer":{"z":0}}""";

    private static void WriteOnlyAB(PooledBufferWriter output, JsonElement arguments)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        foreach (JsonProperty member in arguments.EnumerateObject())
        {
            if (member.Name is "a" or "b")
            {
                member.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static JsonNode WithoutArguments(string json)
    {
        JsonNode node = JsonNode.Parse(json)!;
        JsonObject parameters = node["params"]!.AsObject();
        foreach (string key in parameters.Select(p => p.Key).Where(k => k.Equals("arguments", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            parameters.Remove(key);
        }

        return node;
    }

    private static string BodyText(McpRequest request) => Encoding.UTF8.GetString(request.Body.Span);

    [Fact]
    public void Every_member_but_the_arguments_keeps_its_meaning()
    {
        using McpRequest request = Envelope.Accept(Original);

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        string rewritten = BodyText(request);
        Assert.True(JsonNode.DeepEquals(WithoutArguments(Original), WithoutArguments(rewritten)), rewritten);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":1,"b":2}"""), JsonNode.Parse(rewritten)!["params"]!["arguments"]));
    }

    [Fact]
    public void Numbers_keep_their_exact_text()
    {
        using McpRequest request = Envelope.Accept(Original);

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        using JsonDocument document = JsonDocument.Parse(request.Body);
        Assert.Equal("1.50", document.RootElement.GetProperty("id").GetRawText());
        Assert.Equal("1.0e5", document.RootElement.GetProperty("params").GetProperty("_meta").GetProperty("n").GetRawText());
    }

    [Fact]
    public void The_feature_reads_the_new_arguments_and_keeps_the_rest()
    {
        using McpRequest request = Envelope.Accept(Original);

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        Assert.False(request.Arguments.TryGetProperty("ghost", out _));
        Assert.Equal(1, request.Arguments.GetProperty("a").GetInt32());
        Assert.Equal("add", request.ToolName);
        Assert.Equal("1.50", request.Id.GetRawText());
        Assert.True(request.IsToolCall);
    }

    [Fact]
    public void The_original_case_of_the_arguments_key_is_kept()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"Name":"add","Arguments":{"a":1,"ghost":2}}}""");

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        string rewritten = BodyText(request);
        Assert.Contains("\"Arguments\":{\"a\":1}", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("\"arguments\"", rewritten, StringComparison.Ordinal);
        Assert.Contains("\"Name\":\"add\"", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void The_http_request_body_and_content_length_are_replaced()
    {
        HttpRequest http = Envelope.Request();
        using McpRequest request = Envelope.Accept(Original, http);

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        using var copy = new MemoryStream();
        http.Body.CopyTo(copy);
        Assert.Equal(request.Body.ToArray(), copy.ToArray());
        Assert.Equal(request.Body.Length, http.ContentLength);
        Assert.True(request.Body.Length < Encoding.UTF8.GetByteCount(Original));
    }

    [Fact]
    public void The_new_body_parses_again_to_the_same_message()
    {
        using McpRequest request = Envelope.Accept(Original);
        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        using McpRequest again = Envelope.Accept(request.Body.ToArray());

        Assert.Equal("add", again.ToolName);
        Assert.Equal("tools/call", again.Method);
        Assert.Equal("1.50", again.Id.GetRawText());
        Assert.Equal("""{"a":1,"b":2}""", again.Arguments.GetRawText());
    }

    [Fact]
    public void A_2026_07_28_call_still_agrees_with_its_headers_after_the_rewrite()
    {
        HttpRequest http = Envelope.LatestRequest("tools/call", "add");
        using McpRequest request = Envelope.Accept(Envelope.LatestToolCall("""{"a":1,"b":2,"ghost":3}"""), http);

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        using McpRequest again = Envelope.Accept(request.Body.ToArray(), Envelope.LatestRequest("tools/call", "add"));
        Assert.Equal("add", again.ToolName);
        Assert.Equal(Envelope.Latest, again.ProtocolVersion);
        Assert.True(again.Params.TryGetProperty("_meta", out _));
    }

    [Fact]
    public void A_call_without_an_arguments_object_cannot_have_one_spliced_in()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ping"}}""");

        Assert.Throws<InvalidOperationException>(() => request.ReplaceArguments(0, static (output, _) => output.Write("{}"u8)));
        Assert.Equal("ping", request.ToolName);
    }

    [Fact]
    public void Only_tool_calls_can_have_their_arguments_replaced()
    {
        using McpRequest request = Envelope.Accept("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");

        Assert.Throws<InvalidOperationException>(() => request.ReplaceArguments(0, static (output, _) => output.Write("null"u8)));
    }

    [Fact]
    public void Non_ascii_text_elsewhere_in_the_body_is_kept_as_text()
    {
        using McpRequest request = Envelope.Accept(Original);

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        using JsonDocument document = JsonDocument.Parse(request.Body);
        Assert.Equal("grüße é \"q\" \u2028 😀", document.RootElement.GetProperty("params").GetProperty("_meta").GetProperty("t").GetString());
    }

    [Fact]
    public void A_lone_surrogate_escape_outside_the_arguments_survives_the_rewrite_unchanged()
    {
        // Such a string is legal JSON text (the envelope refuses it only where it reads it: id, method, tool name).
        // Rewriting must not turn it into something else, nor fail on it.
        using McpRequest request = Envelope.Accept(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"ghost":2},"_meta":{"note":"\ud800"}}}""");

        request.ReplaceArguments(request.Arguments, WriteOnlyAB);

        using JsonDocument document = JsonDocument.Parse(request.Body);
        Assert.Equal("\"\\ud800\"", document.RootElement.GetProperty("params").GetProperty("_meta").GetProperty("note").GetRawText(), ignoreCase: true);
    }
}
