using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.IntegrationTests.Envelope;

/// <summary>The sample with <c>Airlock:Envelope:MaxRequestBytes</c> lowered to 4096.</summary>
public sealed class SmallBodySampleFactory : SampleFactory
{
    public const int Limit = 4096;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Airlock:Envelope:MaxRequestBytes"] = "4096",
    };

    /// <summary>The Content-Length the server saw, by X-Test-Id header (null when the body came without one).</summary>
    internal ConcurrentDictionary<string, long?> DeclaredLengths { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new LengthRecorder(DeclaredLengths)));
    }

    private sealed class LengthRecorder(ConcurrentDictionary<string, long?> lengths) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (context.Request.Headers.TryGetValue("X-Test-Id", out var id))
                {
                    lengths[id.ToString()] = context.Request.ContentLength;
                }

                await proceed(context);
            });
            next(app);
        };
    }
}

/// <summary>A body larger than Airlock:Envelope:MaxRequestBytes is refused with 413, however its length is declared.</summary>
public sealed class BodySizeLimitTests(SmallBodySampleFactory factory) : IClassFixture<SmallBodySampleFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    /// <summary>A valid echo call padded with whitespace to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] EchoCallOfSize(string id, int size)
    {
        byte[] call = Encoding.UTF8.GetBytes(McpHttp.ToolCallBody(id, "echo", """{"text":"hello"}"""));
        Assert.True(call.Length <= size);
        return [.. call, .. Enumerable.Repeat((byte)' ', size - call.Length)];
    }

    /// <summary>Content with no Content-Length: sent chunked.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_accepted()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(EchoCallOfSize(id, SmallBodySampleFactory.Limit)));

        Assert.Equal("hello", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task A_body_one_byte_over_the_limit_is_refused_with_413()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await _http.SendMcpAsync(McpHttp.Post(EchoCallOfSize(id, SmallBodySampleFactory.Limit + 1)));

        Blocks.AssertRefused(answer, 413, -32600, "4096");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_chunked_body_without_content_length_over_the_limit_is_refused_with_413()
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.Post([]);
        request.Content = new UnknownLengthContent(EchoCallOfSize(id, 3 * SmallBodySampleFactory.Limit));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-Test-Id", id);

        McpAnswer answer = await _http.SendMcpAsync(request);

        Assert.True(factory.DeclaredLengths.TryGetValue(id, out long? declared), "the request did not reach the server");
        Assert.Null(declared);
        Blocks.AssertRefused(answer, 413, -32600, "4096");
        Assert.False(factory.Calls.Saw(id));
    }

    [Fact]
    public async Task A_chunked_body_within_the_limit_is_accepted()
    {
        string id = McpHttp.NewId();
        HttpRequestMessage request = McpHttp.Post([]);
        request.Content = new UnknownLengthContent(EchoCallOfSize(id, SmallBodySampleFactory.Limit - 100));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-Test-Id", id);

        McpAnswer answer = await _http.SendMcpAsync(request);

        Assert.Null(factory.DeclaredLengths[id]);
        Assert.Equal("hello", Blocks.AssertToolSucceeded(answer));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}
