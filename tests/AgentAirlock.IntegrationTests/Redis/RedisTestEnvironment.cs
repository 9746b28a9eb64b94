using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>
/// The real redis-server the Redis tests run against: <c>AIRLOCK_TEST_REDIS</c> (host:port), which ./test.sh sets after
/// starting a throwaway server on a free loopback port. Without it the tests fail, never skip.
/// </summary>
internal static class RedisTestEnvironment
{
    public const string Variable = "AIRLOCK_TEST_REDIS";

    /// <summary>The configuration string of the shared test server; fails the test when the variable is not set.</summary>
    public static string Configuration
    {
        get
        {
            string? value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new Xunit.Sdk.XunitException(
                    $"{Variable} is not set: the Redis tests need a real redis-server. Run ./test.sh (it starts a throwaway redis-server on a "
                    + $"free loopback port and sets {Variable}), or start one yourself and set {Variable}=127.0.0.1:<port>.");
            }

            return value.Trim();
        }
    }

    /// <summary>
    /// Fails the test unless the Redis test environment is prepared (./test.sh sets the variable after starting redis-server
    /// and checking the binary); tests that start their own redis-server or use a closed port call it too, so that the whole
    /// folder fails, never half-runs, outside that environment.
    /// </summary>
    public static void Require() => _ = Configuration;

    /// <summary>A connection to the shared test server, for looking at and cleaning up what Airlock wrote.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        string configuration = Configuration;
        ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true;
        options.ConnectTimeout = 5000;
        options.AbortOnConnectFail = true;
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException exception)
        {
            throw new Xunit.Sdk.XunitException(
                $"{Variable}={configuration}, but no redis-server answers there ({exception.Message}). Run ./test.sh, or start redis-server and point {Variable} at it.");
        }
    }

    /// <summary>A key prefix no other test (or run) uses.</summary>
    public static string NewPrefix(string test) => $"airlock-test:{test}:{Guid.NewGuid():N}:";

    /// <summary>A loopback port nothing listens on (taken from the system, then released).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The SHA-256 hex digest Airlock's API-key options hold (<c>echo -n key | sha256sum</c>).</summary>
    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Every key under <paramref name="prefix"/> in the database.</summary>
    public static async Task<RedisKey[]> KeysAsync(IConnectionMultiplexer redis, string prefix)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var keys = new List<RedisKey>();
        foreach (IServer server in redis.GetServers())
        {
            await foreach (RedisKey key in server.KeysAsync(pattern: EscapeGlob(prefix) + "*", pageSize: 500))
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }

    public static async Task DeleteKeysAsync(IConnectionMultiplexer redis, string prefix)
    {
        ArgumentNullException.ThrowIfNull(redis);
        RedisKey[] keys = await KeysAsync(redis, prefix);
        if (keys.Length > 0)
        {
            await redis.GetDatabase().KeyDeleteAsync(keys);
        }
    }

    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
