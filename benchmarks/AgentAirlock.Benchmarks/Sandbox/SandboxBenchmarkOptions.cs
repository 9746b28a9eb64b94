using System.Globalization;

namespace AgentAirlock.Benchmarks.Sandbox;

/// <summary>The command line of <c>sandbox</c>.</summary>
internal sealed class SandboxBenchmarkOptions
{
    public const string Usage = """
        sandbox [--calls N] [--warmup N] [--pool N] [--interval-ms N] [--repo-root PATH]
          --calls        measured calls per mode (default 200)
          --warmup       unmeasured calls before each mode (default 5)
          --pool         pre-started runners per tool in the pooled mode (default 2)
          --interval-ms  time between the starts of two pooled calls, so that the pool can refill (default 150)
          --repo-root    the repository root (default: found from the working directory)
        """;

    public int Calls { get; private set; } = 200;

    public int Warmup { get; private set; } = 5;

    public int Pool { get; private set; } = 2;

    public int IntervalMilliseconds { get; private set; } = 150;

    public string? RepositoryRoot { get; private set; }

    public static SandboxBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SandboxBenchmarkOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.\n{Usage}");
            switch (name)
            {
                case "--calls": options.Calls = Number(name, Value(), 1); break;
                case "--warmup": options.Warmup = Number(name, Value(), 0); break;
                case "--pool": options.Pool = Number(name, Value(), 1); break;
                case "--interval-ms": options.IntervalMilliseconds = Number(name, Value(), 0); break;
                case "--repo-root": options.RepositoryRoot = Value(); break;
                default: throw new ArgumentException($"Unknown option '{name}'.\n{Usage}");
            }
        }

        return options;
    }

    private static int Number(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= minimum
            ? number
            : throw new ArgumentException($"{name} must be a whole number of at least {minimum}; it is '{value}'.\n{Usage}");
}
