using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// The sanitizer's work on one tool result, per message. The message is the SSE frame the real SDK sends for the
/// sample's <c>get_customer(42)</c> (captured in the set-up from the sample's registrations on a TestServer, Airlock
/// off): a text block holding the serialized record and the same record as <c>structuredContent</c>. <c>clean</c> is the
/// same frame with the record's personal values replaced by ordinary words of about the same length, which must pass
/// unchanged. The settings are the root appsettings.json's (get_customer's per-tool <c>phone: TypeOnly</c> included).
/// <list type="bullet">
/// <item><c>Transform</c>: the response transform the middleware registers (<see cref="ResultSanitizer.Write"/>, with
/// the decision report to the sample's sink), on the parsed message.</item>
/// <item><c>Rewriter</c>: the whole response path of a sanitized call: the frame written through the
/// <see cref="ResponseRewriter"/> (frame split, data joined, parsed, transformed, re-parsed, re-framed) into a
/// memory stream.</item>
/// <item><c>Filter</c>: what the call-tool filter does instead for a result a tool of this server makes: the same
/// sanitization applied to the <see cref="CallToolResult"/> before the SDK serializes it (<see cref="ResultSanitizer.Sanitize"/>);
/// the response then passes through the rewriter unread.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class ResultSanitizerBenchmarks
#pragma warning restore CA1001
{
    private const string Tool = "get_customer";

    /// <summary>
    /// The record's values and the ordinary words that replace them in the clean message. The SDK's serializer escapes
    /// the phone's '+' (as <c>\u002B</c>, itself escaped again inside the text block), so the phone appears in two forms;
    /// and a value assigned to a field named <c>apiKey</c> is a credential whatever it says, so the field is renamed.
    /// </summary>
    private static readonly (string Sensitive, string Clean)[] CleanReplacements =
    [
        ("jane.doe42@example.com", "prefers a call at noon"),
        (@"\\u002B1 415-555-0132", "San Francisco"),
        (@"\u002B1 415-555-0132", "San Francisco"),
        ("+1 415-555-0132", "San Francisco"),
        ("123-45-6789", "gold tier"),
        ("4111 1111 1111 1111", "renews every spring"),
        ("sk-proj-FAKEk3yF0rTest1ngOnly0000000000000000000000", "customer since 2019, served by the Oakland branch"),
        ("apiKey", "branch"),
    ];

    private WebApplication _app = null!;
    private IDecisionSink _decisions = null!;
    private SanitizerSettings _settings = null!;
    private byte[] _frame = null!;
    private JsonDocument _message = null!;
    private JsonElement _requestId;
    private CallToolResult _result = null!;
    private PooledBufferWriter _output = null!;
    private DefaultHttpContext _context = null!;
    private MemoryStream _responseBody = null!;
    private IHttpResponseBodyFeature _responseFeature = null!;

    [Params("get_customer", "clean")]
    public string Message { get; set; } = Tool;

    [GlobalSetup]
    public void Setup()
    {
        _app = StartBareSample();
        _decisions = _app.Services.GetRequiredService<IDecisionSink>();
        _settings = new SanitizerSettings(DemoAgents.LoadOptions().Sanitizer, new byte[32]);

        string frame = CaptureFrame(_app.GetTestClient()).GetAwaiter().GetResult();
        if (!frame.Contains("jane.doe42@example.com", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The bare sample's get_customer answer is not the raw record: {frame}");
        }

        if (Message == "clean")
        {
            foreach ((string sensitive, string clean) in CleanReplacements)
            {
                frame = frame.Replace(sensitive, clean, StringComparison.Ordinal);
            }
        }

        _frame = Encoding.UTF8.GetBytes(frame);
        _message = JsonDocument.Parse(DataOf(frame));
        _requestId = _message.RootElement.GetProperty("id").Clone();
        _result = _message.RootElement.GetProperty("result").Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!;
        _output = new PooledBufferWriter(4096);
        _responseBody = new MemoryStream(4096);
        _context = new DefaultHttpContext();
        _context.Response.Body = _responseBody;
        _context.Response.ContentType = "text/event-stream";
        _responseFeature = _context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();

        // Prove the path: the record is masked, the clean message passes byte for byte.
        bool changed = Transform();
        string rewritten = Encoding.UTF8.GetString(_responseBody.GetBuffer(), 0, (int)Rewriter());
        bool masked = changed && rewritten.Contains("j***@example.com", StringComparison.Ordinal) && !rewritten.Contains("jane.doe42", StringComparison.Ordinal);
        if (Message == Tool ? !masked : changed || rewritten != frame)
        {
            throw new InvalidOperationException($"{Message}: unexpected sanitizer output (changed: {changed}): {rewritten}");
        }

        string filtered = JsonSerializer.Serialize(Filter(), McpJsonUtilities.DefaultOptions);
        if (Message == Tool ? !filtered.Contains("j***@example.com", StringComparison.Ordinal) || filtered.Contains("jane.doe42", StringComparison.Ordinal) : !ReferenceEquals(Filter(), _result))
        {
            throw new InvalidOperationException($"{Message}: unexpected sanitizer output of the filter: {filtered}");
        }

        Console.WriteLine($"// {Message}: frame {_frame.Length} bytes -> {rewritten.Length} bytes: {rewritten.ReplaceLineEndings("\\n")}");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _message.Dispose();
        _output.Dispose();
        await _responseBody.DisposeAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The transform alone, as the middleware registers it for one call (a new sanitizer per call).</summary>
    [Benchmark]
    public bool Transform()
    {
        _output.Clear();
        return NewSanitizer().Write(_message.RootElement, _output);
    }

    /// <summary>The SDK's frame through the response rewriter with the sanitizer's transform: what a sanitized call adds to the response.</summary>
    [Benchmark]
    public long Rewriter()
    {
        _responseBody.SetLength(0);
        _context.Features.Set(_responseFeature);
        using var rewriter = new ResponseRewriter(_context, _requestId);
        rewriter.Add(NewSanitizer().Write);

        // A memory stream completes every write synchronously; the waits never block.
        rewriter.WriteAsync(_frame).AsTask().GetAwaiter().GetResult();
        rewriter.FinishAsync().GetAwaiter().GetResult();
        return _responseBody.Length;
    }

    /// <summary>The call-tool filter's work for one call: the result sanitized before it is serialized.</summary>
    [Benchmark]
    public CallToolResult Filter() => NewSanitizer().Sanitize(_result);

    /// <summary>The sanitizer the middleware makes for one call, reporting its decision as the middleware does.</summary>
    private ResultSanitizer NewSanitizer() => new(_settings.Text, _settings.For(Tool), (redactions, truncated, _) => _decisions.Report(new AirlockDecision
    {
        Layer = AirlockLayer.Sanitizer,
        Outcome = DecisionOutcome.Masked,
        Reason = redactions.Count > 0 ? "output_sanitized" : "output_truncated",
        Method = "tools/call",
        ToolName = Tool,
        ToolKnown = true,
        Redactions = redactions,
        Truncated = truncated,
    }));

    /// <summary>The joined data lines of an SSE frame: the JSON-RPC message.</summary>
    private static string DataOf(string frame) => string.Join('\n', frame.Split('\n')
        .Select(line => line.TrimEnd('\r'))
        .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
        .Select(line => line[5..].TrimStart(' ')));

    /// <summary>The sample's registrations and pipeline on a TestServer with <c>Airlock:Enabled=false</c>: the SDK's own answer.</summary>
    private static WebApplication StartBareSample()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = RepositoryRoot.Find() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Airlock:Enabled"] = "false" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        SampleHost.AddSampleServices(builder);

        WebApplication app = builder.Build();
        app.UseAirlock();
        app.MapMcp("/mcp");
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private static async Task<string> CaptureFrame(HttpClient client)
    {
        SampleCall call = SampleCalls.GetCustomer;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new ByteArrayContent(call.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", SampleCall.AcceptBoth);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", call.ProtocolVersion);
        using HttpResponseMessage response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
