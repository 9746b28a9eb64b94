using System.IO.Compression;
using System.Net;
using System.Text;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Envelope;

/// <summary>
/// Every message the SDK could read differently from Airlock, or that Airlock cannot inspect, is refused at the
/// transport level (HTTP 4xx, JSON-RPC -32600, message naming the problem) and never reaches the SDK.
/// </summary>
public sealed class EnvelopeRefusalTests(DefaultSampleFactory factory) : IClassFixture<DefaultSampleFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<McpAnswer> RefusedAsync(HttpRequestMessage request, string id, int status, params string[] messageParts)
    {
        McpAnswer answer = await _http.SendMcpAsync(request);
        Blocks.AssertRefused(answer, status, -32600, messageParts);
        Assert.False(factory.Calls.Saw(id), "a refused message reached the SDK");
        return answer;
    }

    [Fact]
    public async Task Malformed_json_is_refused()
    {
        string id = McpHttp.NewId();
        string body = McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2}""")[..^1];

        McpAnswer answer = await RefusedAsync(McpHttp.Post(body), id, 400, "not valid JSON");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.Message.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task A_batch_is_refused()
    {
        string id = McpHttp.NewId();

        await RefusedAsync(McpHttp.Post("[" + McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2}""") + "]"), id, 400, "batch");
    }

    [Theory]
    [InlineData("top level", """{"jsonrpc":"2.0","id":"ID","id":"ID","method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}}""", "'id'")]
    [InlineData("params", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"name":"echo","name":"add","arguments":{"a":1,"b":2}}}""", "'name'")]
    [InlineData("arguments", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2,"b":3}}}""", "'b'")]
    [InlineData("nested argument", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"name":"echo","arguments":{"text":"x","o":{"k":1,"k":2}}}}""", "'k'")]
    [InlineData("_meta", """{"jsonrpc":"2.0","id":"ID","method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2},"_meta":{"x":1,"x":2}}}""", "'x'")]
    public async Task A_duplicate_property_name_is_refused_wherever_it_is(string where, string template, string named)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await RefusedAsync(McpHttp.Post(template.Replace("ID", id, StringComparison.Ordinal)), id, 400, "repeats the property name", named);

        Assert.True(answer.Message.GetProperty("id").ValueKind == System.Text.Json.JsonValueKind.Null, $"duplicate in {where}: " + answer);
    }

    [Fact]
    public async Task Params_keys_that_differ_only_in_case_are_refused()
    {
        string id = McpHttp.NewId();
        string body = McpHttp.Request(id, "tools/call", """{"name":"add","NAME":"echo","arguments":{"a":1,"b":2}}""");

        await RefusedAsync(McpHttp.Post(body), id, 400, "differ only in case", "'name'", "'NAME'");
    }

    [Fact]
    public async Task Nesting_deeper_than_max_depth_is_refused()
    {
        string id = McpHttp.NewId();
        string deep = new string('[', 40) + new string(']', 40);

        await RefusedAsync(McpHttp.ToolCall(id, "echo", $$"""{"text":"x","deep":{{deep}}}"""), id, 400, "deeper than the limit of 32");
    }

    [Fact]
    public async Task Nesting_within_max_depth_passes_the_envelope()
    {
        string id = McpHttp.NewId();
        string deep = new string('[', 20) + new string(']', 20);

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "echo", $$"""{"text":"x","deep":{{deep}}}"""));

        // The envelope lets it through; the validation layer then refuses the undeclared argument.
        Blocks.AssertBlocked(answer, "echo", "ghost_arguments");
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_refused()
    {
        string id = McpHttp.NewId();
        byte[] before = Encoding.UTF8.GetBytes(McpHttp.ToolCallBody(id, "echo", """{"text":"caf"""));
        byte[] after = Encoding.UTF8.GetBytes("\"}");
        byte[] body = [.. before, 0xE9, .. after]; // Latin-1 'é': not UTF-8

        await RefusedAsync(McpHttp.Post(body), id, 400, "UTF-8");
    }

    [Fact]
    public async Task An_overlong_utf8_encoding_is_refused()
    {
        string id = McpHttp.NewId();
        byte[] before = Encoding.UTF8.GetBytes(McpHttp.ToolCallBody(id, "echo", """{"text":"a"""));
        byte[] after = Encoding.UTF8.GetBytes("\"}");
        byte[] body = [.. before, 0xC0, 0xAF, .. after]; // overlong '/'

        await RefusedAsync(McpHttp.Post(body), id, 400, "UTF-8");
    }

    [Theory]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_charset_other_than_utf8_is_refused(string contentType)
    {
        string id = McpHttp.NewId();

        await RefusedAsync(McpHttp.Post(McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2}"""), contentType: contentType), id, 400, "UTF-8");
    }

    [Fact]
    public async Task A_utf8_charset_is_accepted()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2}"""), contentType: "application/json; charset=utf-8"));

        Assert.Equal("3", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task A_compressed_body_is_refused()
    {
        string id = McpHttp.NewId();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2,"ghost":1}""")));
        }

        HttpRequestMessage request = McpHttp.Post(compressed.ToArray());
        request.Content!.Headers.ContentEncoding.Add("gzip");

        await RefusedAsync(request, id, 400, "Content-Encoding", "gzip");
    }

    [Fact]
    public async Task An_identity_content_encoding_is_accepted()
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall(id, "add", """{"a":1,"b":2}""");
        request.Content!.Headers.ContentEncoding.Add("identity");

        McpAnswer answer = await _http.SendMcpAsync(request);

        Assert.Equal("3", Blocks.AssertToolSucceeded(answer));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_is_unsupported_media(string contentType)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(McpHttp.ToolCallBody(id, "add", """{"a":1,"b":2,"ghost":1}"""), contentType: contentType));

        // ASP.NET Core's endpoint selection answers this one (MapMcp declares that it accepts application/json),
        // before any middleware runs: the status is the contract, the body is the framework's.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status);
        Assert.False(factory.Calls.Saw(id));
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("http://localhost.evil.example.com")]
    [InlineData("null")]
    public async Task A_foreign_origin_is_forbidden(string origin)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall(id, "add", """{"a":1,"b":2}""");
        request.Headers.TryAddWithoutValidation("Origin", origin);

        await RefusedAsync(request, id, 403, "Origin");
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:6274")]
    [InlineData("http://[::1]:8080")]
    public async Task A_loopback_origin_is_accepted(string origin)
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.ToolCall(id, "add", """{"a":1,"b":2}""");
        request.Headers.TryAddWithoutValidation("Origin", origin);

        McpAnswer answer = await _http.SendMcpAsync(request);

        Assert.Equal("3", Blocks.AssertToolSucceeded(answer));
        Assert.True(factory.Calls.Saw(id));
    }

    [Theory]
    [InlineData("a string", "\"params\":\"add\"")]
    [InlineData("an array", "\"params\":[\"add\"]")]
    public async Task Params_that_are_not_an_object_are_refused(string description, string paramsMember)
    {
        string id = McpHttp.NewId();
        string body = $$$"""{"jsonrpc":"2.0","id":"{{{id}}}","method":"tools/call",{{{paramsMember}}}}""";

        McpAnswer answer = await RefusedAsync(McpHttp.Post(body), id, 400, "params");

        Assert.True(answer.Message.GetProperty("id").ValueKind == System.Text.Json.JsonValueKind.Null, $"params as {description}: " + answer);
    }

    [Fact]
    public async Task A_null_request_id_is_refused()
    {
        McpAnswer answer = await _http.PostMcpAsync("""{"jsonrpc":"2.0","id":null,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}}""");

        Blocks.AssertRefused(answer, 400, -32600, "id");
    }

    [Theory]
    [InlineData("a string", "\"add\"")]
    [InlineData("an array", "[1,2]")]
    [InlineData("a number", "3")]
    public async Task Arguments_that_are_not_an_object_are_an_in_band_invalid_params_error(string description, string arguments)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.ToolCall(id, "add", arguments));

        Assert.True(answer.Status == HttpStatusCode.OK, description + ": " + answer);
        Assert.Equal(-32602, answer.ErrorCode);
        Assert.Contains("arguments", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(id, answer.Message.GetProperty("id").GetString());
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_tool_call_without_a_tool_name_is_an_in_band_invalid_params_error()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(McpHttp.Request(id, "tools/call", """{"arguments":{"a":1,"b":2}}""")));

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(-32602, answer.ErrorCode);
        Assert.Contains("name", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(id, answer.Message.GetProperty("id").GetString());
        Assert.False(factory.Calls.Saw(id));
    }
}
