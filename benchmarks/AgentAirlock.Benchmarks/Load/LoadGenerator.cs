using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// A closed-loop load generator: N workers on N keep-alive connections, each sending one request and reading the
/// whole answer before the next, like wrk with -cN. Every response is checked; every latency is recorded. A call may
/// carry an API key (<c>X-API-Key</c>), as the sample's demo agents send it.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private const int MaxKeptSamples = 5;

    // Latency lists are sized up front for the fastest configuration, so that they do not grow (and copy) mid-phase.
    private const int ExpectedRequestsPerSecond = 40_000;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly int _connections;

    public LoadGenerator(Uri endpoint, int connections)
    {
        _endpoint = endpoint;
        _connections = connections;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Sends one call and returns the answer as text, for the sanity checks.</summary>
    public async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendOnceAsync(SampleCall call, string? apiKey, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = NewRequest(call, apiKey);
        using HttpResponseMessage response = await _client.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>Sends <paramref name="count"/> calls, <c>connections</c> at a time; returns how many got an unexpected answer.</summary>
    public async Task<long> SendManyAsync(SampleCall call, string? apiKey, ResponseCheck check, int count, CancellationToken cancellationToken)
    {
        long unexpected = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = _connections, CancellationToken = cancellationToken },
            async (_, token) =>
            {
                using HttpRequestMessage request = NewRequest(call, apiKey);
                using HttpResponseMessage response = await _client.SendAsync(request, token);
                byte[] body = await response.Content.ReadAsByteArrayAsync(token);
                if (check.Problem(response.StatusCode, response.Content.Headers.ContentType, body) is not null)
                {
                    Interlocked.Increment(ref unexpected);
                }
            });
        return unexpected;
    }

    /// <summary>
    /// Drives the server for <paramref name="duration"/> with <paramref name="workers"/> closed-loop workers (default:
    /// one per connection) and reports what came back.
    /// </summary>
    public async Task<PhaseResult> RunAsync(SampleCall call, string? apiKey, ResponseCheck check, TimeSpan duration, SampleServer server, int? workers = null)
    {
        int count = Math.Min(workers ?? _connections, _connections);
        var running = new Worker[count];
        for (int i = 0; i < running.Length; i++)
        {
            running[i] = new Worker(this, call, apiKey, check, (int)Math.Min(duration.TotalSeconds * ExpectedRequestsPerSecond / count, 1 << 20));
        }

        using var self = Process.GetCurrentProcess();
        TimeSpan cpuBefore = server.CpuTime;
        TimeSpan selfBefore = self.TotalProcessorTime;
        TimeSpan? machineBefore = MachineCpu.Busy();
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(running.Select(w => Task.Run(() => w.RunAsync(deadline))));
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        TimeSpan cpu = server.CpuTime - cpuBefore;
        self.Refresh();
        TimeSpan client = self.TotalProcessorTime - selfBefore;
        TimeSpan ours = cpu + client;
        TimeSpan? machine = MachineCpu.Busy() - machineBefore;
        double others = machine is TimeSpan busy ? Math.Max(0, (busy - ours).TotalSeconds) / (elapsed.TotalSeconds * Environment.ProcessorCount) : double.NaN;

        long[] latencies = Latency.Merge(running.Select(w => w.Latencies.ToArray()));
        List<string> samples = [.. running.SelectMany(w => w.UnexpectedSamples).Distinct().Take(MaxKeptSamples)];
        return new PhaseResult(latencies.Length, elapsed, latencies, running.Sum(w => w.Unexpected), samples, cpu, client, others);
    }

    public void Dispose() => _client.Dispose();

    private HttpRequestMessage NewRequest(SampleCall call, string? apiKey)
    {
        var content = new ByteArrayContent(call.Body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content, Version = HttpVersion.Version11 };
        request.Headers.TryAddWithoutValidation("Accept", SampleCall.AcceptBoth);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", call.ProtocolVersion);
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation(AgentAirlock.Policy.AirlockApiKeyDefaults.HeaderName, apiKey);
        }

        if (call.PerRequestMetadata)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
            request.Headers.TryAddWithoutValidation("Mcp-Name", call.Tool);
        }

        return request;
    }

    private sealed class Worker
    {
        private readonly LoadGenerator _owner;
        private readonly SampleCall _call;
        private readonly string? _apiKey;
        private readonly ResponseCheck _check;
        private byte[] _buffer = new byte[16 * 1024];

        public Worker(LoadGenerator owner, SampleCall call, string? apiKey, ResponseCheck check, int expectedRequests)
        {
            _owner = owner;
            _call = call;
            _apiKey = apiKey;
            _check = check;
            Latencies = new List<long>(expectedRequests);
        }

        public List<long> Latencies { get; }

        public long Unexpected { get; private set; }

        public List<string> UnexpectedSamples { get; } = [];

        public async Task RunAsync(long deadline)
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                long started = Stopwatch.GetTimestamp();
                string? problem;
                try
                {
                    using HttpRequestMessage request = _owner.NewRequest(_call, _apiKey);
                    using HttpResponseMessage response = await _owner._client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    int length = await ReadBodyAsync(response);
                    problem = _check.Problem(response.StatusCode, response.Content.Headers.ContentType, _buffer.AsSpan(0, length));
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
                {
                    problem = exception.GetType().Name + ": " + exception.Message;
                }

                Latencies.Add(Stopwatch.GetTimestamp() - started);
                if (problem is not null)
                {
                    Unexpected++;
                    if (UnexpectedSamples.Count < MaxKeptSamples)
                    {
                        UnexpectedSamples.Add(problem);
                    }
                }
            }
        }

        private async Task<int> ReadBodyAsync(HttpResponseMessage response)
        {
            await using Stream stream = await response.Content.ReadAsStreamAsync();
            int total = 0;
            while (true)
            {
                if (total == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                int read = await stream.ReadAsync(_buffer.AsMemory(total));
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
    }
}
