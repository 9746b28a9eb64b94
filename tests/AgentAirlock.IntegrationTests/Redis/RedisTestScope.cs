using StackExchange.Redis;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// What one Redis test owns: a key prefix of its own on the shared test server, a connection to look at the keys,
/// the hosts and clients it started. Disposing stops the hosts and deletes every key under the prefix.
/// </summary>
internal sealed class RedisTestScope : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];

    private RedisTestScope(string prefix, ConnectionMultiplexer redis)
    {
        Prefix = prefix;
        Redis = redis;
    }

    public string Prefix { get; }

    /// <summary>A connection of the test's own to the shared test server (AIRLOCK_TEST_REDIS).</summary>
    public ConnectionMultiplexer Redis { get; }

    public static async Task<RedisTestScope> StartAsync(string test) =>
        new(RedisTestEnvironment.NewPrefix(test), await RedisTestEnvironment.ConnectAsync());

    /// <summary>Settings for the shared test server under this scope's prefix.</summary>
    public RedisPolicySettings Settings(IReadOnlyList<TestAgent> agents, params TestLimit[] limits) => new()
    {
        RedisConfiguration = RedisTestEnvironment.Configuration,
        KeyPrefix = Prefix,
        Agents = agents,
        Limits = limits,
    };

    /// <summary>Starts a host (an Airlock instance) that the scope disposes.</summary>
    public RedisSampleHost Host(RedisPolicySettings settings)
    {
        var host = new RedisSampleHost(settings);
        _owned.Add(host);
        return host.Start();
    }

    /// <summary>A client of the host for the agent, disposed with the scope.</summary>
    public HttpClient Client(RedisSampleHost host, TestAgent agent)
    {
        ArgumentNullException.ThrowIfNull(host);
        HttpClient client = host.ClientFor(agent);
        _owned.Add(client);
        return client;
    }

    public Task<RedisKey[]> KeysAsync() => RedisTestEnvironment.KeysAsync(Redis, Prefix);

    public async ValueTask DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        await RedisTestEnvironment.DeleteKeysAsync(Redis, Prefix);
        await Redis.DisposeAsync();
    }
}
