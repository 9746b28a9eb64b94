using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// When the Redis store cannot be reached (a closed loopback port, or a server that accepts connections and never
/// answers), a decision does not hang: it is bounded by the configured timeout. Fail closed refuses the call with <c>rate_limit_unavailable</c>, fail open admits it through the in-memory
/// limiter (which still limits) and reports the decision as degraded.
/// </summary>
public sealed class UnreachableStoreTests
{
    private const int TimeoutMilliseconds = 250;

    /// <summary>
    /// Twice the timeout (the store waits once for the connection and once for the command; measured: the first call
    /// about 1.2–2 × the timeout, later ones about 1 ×) plus room for a loaded test machine: the fastest call of a test
    /// must be within it. A store that waited longer than its timeout on every call would exceed it on all of them.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds((2 * TimeoutMilliseconds) + 1500);

    /// <summary>
    /// What any single call may take: a test machine running the other test classes at once has stalled one call past
    /// <see cref="Bound"/> (2.3 and 2.5 s were seen); a hang would exceed this by far.
    /// </summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(10);

    /// <summary>Each call ended well before a hang would, and the fastest within the store's bound.</summary>
    private static void AssertBounded(IReadOnlyList<CallOutcome> outcomes)
    {
        for (int i = 0; i < outcomes.Count; i++)
        {
            Assert.True(outcomes[i].Elapsed < HangBound, $"call {i + 1} took {outcomes[i].Elapsed.TotalMilliseconds:0} ms; the store's timeout is {TimeoutMilliseconds} ms");
        }

        TimeSpan fastest = outcomes.Min(o => o.Elapsed);
        Assert.True(fastest < Bound, $"the fastest of {outcomes.Count} calls took {fastest.TotalMilliseconds:0} ms; the store's timeout is {TimeoutMilliseconds} ms");
    }

    /// <summary>Settings pointing at <paramref name="port"/>, or at a loopback port nothing listens on.</summary>
    private static RedisPolicySettings Settings(TestAgent agent, string failureMode, string limit, int? port = null) => new()
    {
        RedisConfiguration = "127.0.0.1:" + (port ?? RedisTestEnvironment.FreeLoopbackPort()).ToString(CultureInfo.InvariantCulture),
        KeyPrefix = RedisTestEnvironment.NewPrefix("unreachable"),
        FailureMode = failureMode,
        TimeoutMilliseconds = TimeoutMilliseconds,
        Agents = [agent],
        Limits = [new TestLimit(limit, "PerAgent", "*")],
    };

    [Fact]
    public async Task Failing_closed_refuses_every_call_with_rate_limit_unavailable_within_the_timeout()
    {
        RedisTestEnvironment.Require();
        TestAgent agent = TestAgent.New("closed");
        using var host = new RedisSampleHost(Settings(agent, "Closed", "100/minute"));
        using HttpClient client = host.ClientFor(agent);

        var outcomes = new List<CallOutcome>();
        for (int i = 0; i < 4; i++)
        {
            CallOutcome outcome = await client.CallAsync("echo");
            outcomes.Add(outcome);

            Assert.True(outcome.IsUnavailable, $"call {i + 1}: expected block_reason rate_limit_unavailable, got {outcome}");
            Assert.True(outcome.RetryAfterSeconds is > 0, "the refusal should say when to retry: " + outcome);
        }

        AssertBounded(outcomes);
        Assert.Equal(4, host.CountDecisions("blocked", "rate_limit_unavailable"));
        Assert.Equal(0, host.CountDecisions("allowed", null) + host.CountDecisions("allowed", "rate_limit_store_degraded"));
    }

    [Fact]
    public async Task Failing_open_admits_calls_through_the_in_memory_limiter_which_still_limits_and_reports_them_degraded()
    {
        RedisTestEnvironment.Require();
        TestAgent agent = TestAgent.New("open");
        using var host = new RedisSampleHost(Settings(agent, "Open", "3/minute"));
        using HttpClient client = host.ClientFor(agent);

        CallOutcome[] outcomes = new CallOutcome[5];
        for (int i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = await client.CallAsync("echo");
        }

        AssertBounded(outcomes);

        Assert.All(outcomes[..3], o => Assert.True(o.Admitted, "the in-memory limiter should admit the first 3 calls: " + o));
        Assert.All(outcomes[3..], o => RedisCalls.AssertRateLimited(o, "3/minute"));
        Assert.Equal(3, host.CountDecisions("allowed", "rate_limit_store_degraded"));
        Assert.Equal(0, host.CountDecisions("allowed", null));
        Assert.Equal(0, host.CountDecisions("blocked", "rate_limit_unavailable"));
    }

    [Fact]
    public async Task A_redis_that_accepts_connections_but_never_answers_is_treated_as_unreachable_without_hanging()
    {
        RedisTestEnvironment.Require();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new ConcurrentBag<TcpClient>();
        using var stop = new CancellationTokenSource();
        Task accepting = AcceptSilentlyAsync(silent, accepted, stop.Token);
        TestAgent agent = TestAgent.New("silent");
        using var host = new RedisSampleHost(Settings(agent, "Closed", "100/minute", ((IPEndPoint)silent.LocalEndpoint).Port));
        using HttpClient client = host.ClientFor(agent);

        try
        {
            var outcomes = new List<CallOutcome>();
            for (int i = 0; i < 4; i++)
            {
                CallOutcome outcome = await client.CallAsync("echo");
                outcomes.Add(outcome);

                Assert.True(outcome.IsUnavailable, $"call {i + 1}: expected block_reason rate_limit_unavailable, got {outcome}");
            }

            AssertBounded(outcomes);
            Assert.NotEmpty(accepted);
        }
        finally
        {
            await stop.CancelAsync();
            silent.Stop();
            await accepting;
            foreach (TcpClient connection in accepted)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Accepts connections and never writes a byte: a hung server.</summary>
    private static async Task AcceptSilentlyAsync(TcpListener listener, ConcurrentBag<TcpClient> accepted, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                accepted.Add(await listener.AcceptTcpClientAsync(stop));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
