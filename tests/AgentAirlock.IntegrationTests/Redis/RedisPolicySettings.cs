using System.Globalization;

namespace AgentAirlock.IntegrationTests.Redis;

/// <summary>One agent of a test: its API key (sent in X-API-Key) and agent id; configured with the role <see cref="RedisPolicySettings.Role"/>.</summary>
internal sealed record TestAgent(string ApiKey, string AgentId)
{
    public static TestAgent New(string name)
    {
        string unique = Guid.NewGuid().ToString("N");
        return new TestAgent("redis-test-key-" + unique, $"redis-{name}-{unique[..12]}");
    }
}

/// <summary>One rate limit of the test policy.</summary>
internal sealed record TestLimit(string Limit, string Scope = "PerAgent", params string[] Tools);

/// <summary>
/// Settings layered over the root appsettings.json: the Redis store (or not), a test policy for the role
/// <see cref="Role"/> with the given rate limits, and the agents (API keys stored hashed, as Airlock requires).
/// </summary>
internal sealed class RedisPolicySettings
{
    public const string Role = "redis-tester";
    public const string PolicyName = "RedisTest";

    public required string RedisConfiguration { get; init; }

    public required string KeyPrefix { get; init; }

    public string FailureMode { get; init; } = "Closed";

    /// <summary>Generous by default: the behaviour under test is sharing, not a loaded machine's first connection.</summary>
    public int TimeoutMilliseconds { get; init; } = 3000;

    public IReadOnlyList<TestLimit> Limits { get; init; } = [];

    public IReadOnlyList<TestAgent> Agents { get; init; } = [];

    public IReadOnlyDictionary<string, string?> ToDictionary()
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Override:AgentAirlock"] = "Warning",
            ["Airlock:Policy:RateLimitStore"] = "Redis",
            ["Airlock:Policy:FailureMode"] = FailureMode,
            ["Airlock:Policy:Redis:Configuration"] = RedisConfiguration,
            ["Airlock:Policy:Redis:KeyPrefix"] = KeyPrefix,
            ["Airlock:Policy:Redis:TimeoutMilliseconds"] = TimeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
            [$"Airlock:Policy:Policies:{PolicyName}:Roles:0"] = Role,
            [$"Airlock:Policy:Policies:{PolicyName}:RequireIdentity"] = "true",
        };

        for (int i = 0; i < Limits.Count; i++)
        {
            string limit = $"Airlock:Policy:Policies:{PolicyName}:RateLimits:{i}:";
            settings[limit + "Limit"] = Limits[i].Limit;
            settings[limit + "Scope"] = Limits[i].Scope;
            for (int j = 0; j < Limits[i].Tools.Length; j++)
            {
                settings[limit + "Tools:" + j.ToString(CultureInfo.InvariantCulture)] = Limits[i].Tools[j];
            }
        }

        foreach (TestAgent agent in Agents)
        {
            string key = $"Airlock:Policy:Identity:ApiKeys:{agent.AgentId}:";
            settings[key + "Sha256"] = RedisTestEnvironment.Sha256Hex(agent.ApiKey);
            settings[key + "AgentId"] = agent.AgentId;
            settings[key + "Roles:0"] = Role;
        }

        return settings;
    }
}
