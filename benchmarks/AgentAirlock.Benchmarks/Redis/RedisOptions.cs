using System.Globalization;
using AgentAirlock.Benchmarks.Load;

namespace AgentAirlock.Benchmarks.Redis;

/// <summary>The command line of <c>redis</c>.</summary>
internal sealed class RedisOptions
{
    public const string Usage = """
        redis [--seconds N] [--warmup N] [--rounds N] [--workers LIST] [--redis-server PATH] [--no-http]
              [--sample-dll PATH] [--repo-root PATH] [--airlock-log-level LEVEL]
          --seconds            measured seconds per store, concurrency and round (default 5)
          --warmup             unmeasured seconds before each measurement (default 1 in process, 2 over HTTP)
          --rounds             rounds per concurrency (default 2); each round runs memory, redis or redis, memory (ABBA)
          --workers            comma-separated closed-loop concurrencies (default 1,4)
          --redis-server       the redis-server to start on a free loopback port (default /usr/bin/redis-server)
          --no-http            only the in-process store comparison, not the two sample servers
          --sample-dll, --repo-root, --airlock-log-level   as for load
        """;

    public int Seconds { get; private set; } = 5;

    public int? WarmupSeconds { get; private set; }

    public int Rounds { get; private set; } = 2;

    public IReadOnlyList<int> Workers { get; private set; } = [1, 4];

    public string RedisServer { get; private set; } = "/usr/bin/redis-server";

    public bool Http { get; private set; } = true;

    public SampleServerSettings Settings { get; private set; } = null!;

    public static RedisOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RedisOptions();
        string? root = null, dll = null;
        string logLevel = "Warning";
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.\n{Usage}");
            switch (name)
            {
                case "--seconds": options.Seconds = Number(name, Value(), 1); break;
                case "--warmup": options.WarmupSeconds = Number(name, Value(), 0); break;
                case "--rounds": options.Rounds = Number(name, Value(), 1); break;
                case "--workers": options.Workers = [.. Value().Split(',').Select(w => Number(name, w.Trim(), 1))]; break;
                case "--redis-server": options.RedisServer = Value(); break;
                case "--no-http": options.Http = false; break;
                case "--sample-dll": dll = Value(); break;
                case "--repo-root": root = Value(); break;
                case "--airlock-log-level": logLevel = Value(); break;
                default: throw new ArgumentException($"Unknown option '{name}'.\n{Usage}");
            }
        }

        options.Settings = SampleServerSettings.Resolve(root, dll, logLevel);
        return options;
    }

    private static int Number(string name, string text, int minimum)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum)
        {
            throw new ArgumentException($"{name} must be an integer ≥ {minimum}, not '{text}'.");
        }

        return value;
    }
}
