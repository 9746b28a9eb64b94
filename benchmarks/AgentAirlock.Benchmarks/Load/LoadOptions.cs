using System.Globalization;
using AgentAirlock.Benchmarks.Shared;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>The command line of <c>load</c>.</summary>
internal sealed class LoadOptions
{
    public const string SampleDllVariable = "AIRLOCK_SAMPLE_DLL";

    public const string Usage = """
        load [--tool add|get_customer] [--seconds N] [--warmup N] [--rounds N] [--connections N] [--sample-dll PATH]
             [--repo-root PATH] [--airlock-log-level LEVEL] [--no-audit] [--calibrate] [--runtime-counters] [--profile]
             [--experiment] [--baseline-dll PATH] [--baseline-config "ARGS"]
          --tool               the tool every configuration calls (default add): add(2, 3), or get_customer(42), whose
                               record the Airlock servers' sanitizer masks (the full pipeline of issue 4)
          --seconds            measured seconds per configuration and round (default 5)
          --warmup             unmeasured seconds before each measurement (default 2)
          --rounds             rounds of bare, validation and full (default 4; even: the order reverses every round,
                               so each position is taken equally often); then half as many rounds of rejected calls
          --connections        concurrent connections and workers (default 16)
          --sample-dll         the sample server to start (default $AIRLOCK_SAMPLE_DLL, else
                               samples/AirlockSample/bin/Release/net10.0/AirlockSample.dll, built when missing)
          --repo-root          the repository root: the servers' working directory (default: found from here)
          --airlock-log-level  Serilog level of the AgentAirlock category in the servers (default Warning; the shipped
                               appsettings.json says Information, which writes a console line per refused call)
          --no-audit           the Airlock servers without their audit trail (Airlock:Audit:Enabled=false); by default
                               each writes the shipped hash-chained audit file, to a temporary directory of its own
          --calibrate          A/A run: two bare servers, to see how far two identical servers differ on this machine
          --runtime-counters   afterwards, one more phase per configuration reading the servers' System.Runtime counters
                               (bytes allocated, GCs, GC pause time, exceptions, thread-pool work items per request)
          --profile            afterwards, one more phase per configuration under EventPipe's CPU sampler: managed CPU
                               per request inside Airlock, the MCP SDK, ASP.NET Core, ..., and the top Airlock methods
          --baseline-dll       a fourth server, "full-base": another build of the sample (an earlier commit's) with the
                               shipped configuration, in the same rounds as the others, so that two versions of
                               Airlock are compared under the same conditions (full/full-base)
          --baseline-config    a fourth server, "full-base", with these configuration overrides on top of the shipped
                               configuration (space-separated, e.g. "--Airlock:Sanitizer:Enabled=false"): what one
                               setting costs, in the same rounds (full/full-base); with --baseline-dll, that build
          --experiment         instead: six servers (this program's `serve`) with no middleware, an async pass-through,
                               body buffering, buffering + parse, Airlock (validation) and Airlock (full, admin key),
                               rotated every round: what each step costs
        """;

    /// <summary>Gets the sample call of the comparison: <c>add</c> or <c>get_customer</c>.</summary>
    public SampleCall Tool { get; private set; } = SampleCalls.Add;

    public int Seconds { get; private set; } = 5;

    public int WarmupSeconds { get; private set; } = 2;

    public int Rounds { get; private set; } = 4;

    public int Connections { get; private set; } = 16;

    public string RepositoryRoot { get; private set; } = string.Empty;

    public string SampleDll { get; private set; } = string.Empty;

    /// <summary>Gets whether the sample DLL is the default path, which may be built when missing.</summary>
    public bool SampleDllIsDefault { get; private set; }

    public string AirlockLogLevel { get; private set; } = "Warning";

    /// <summary>Gets whether the second server is bare as well: the spread of bare/bare is the noise floor of the ratio.</summary>
    public bool Calibrate { get; private set; }

    /// <summary>Gets whether the Airlock servers run without their audit trail.</summary>
    public bool NoAudit { get; private set; }

    /// <summary>Gets whether to run the cost-attribution experiment instead of the comparison.</summary>
    public bool Experiment { get; private set; }

    /// <summary>Gets whether to profile the servers' CPU per request after the rounds.</summary>
    public bool Profile { get; private set; }

    /// <summary>Gets another build of the sample to run as a fourth server with the shipped configuration, or <see langword="null"/>.</summary>
    public string? BaselineDll { get; private set; }

    /// <summary>Gets the configuration overrides of the fourth server, "full-base" (empty: the shipped configuration).</summary>
    public IReadOnlyList<string> BaselineConfiguration { get; private set; } = [];

    /// <summary>Gets whether the run has a fourth server, "full-base" (another build, other settings, or both).</summary>
    public bool HasBaseline => BaselineDll is not null || BaselineConfiguration.Count > 0;

    /// <summary>Gets whether to read the servers' runtime counters per request after the rounds.</summary>
    public bool RuntimeCounters { get; private set; }

    /// <summary>Gets what the servers of this run share.</summary>
    public SampleServerSettings Settings => new(RepositoryRoot, SampleDll, SampleDllIsDefault, AirlockLogLevel);

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        string? root = null, dll = null;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.\n{Usage}");
            switch (name)
            {
                case "--tool": options.Tool = ToolCall(Value()); break;
                case "--seconds": options.Seconds = Positive(name, Value()); break;
                case "--warmup": options.WarmupSeconds = Positive(name, Value(), allowZero: true); break;
                case "--rounds": options.Rounds = Positive(name, Value()); break;
                case "--connections": options.Connections = Positive(name, Value()); break;
                case "--sample-dll": dll = Value(); break;
                case "--repo-root": root = Value(); break;
                case "--airlock-log-level": options.AirlockLogLevel = Value(); break;
                case "--calibrate": options.Calibrate = true; break;
                case "--no-audit": options.NoAudit = true; break;
                case "--runtime-counters": options.RuntimeCounters = true; break;
                case "--experiment": options.Experiment = true; break;
                case "--profile": options.Profile = true; break;
                case "--baseline-dll": options.BaselineDll = ExistingFile(name, Value()); break;
                case "--baseline-config": options.BaselineConfiguration = ConfigurationOverrides(name, Value()); break;
                default: throw new ArgumentException($"Unknown option '{name}'.\n{Usage}");
            }
        }

        if (options.HasBaseline && (options.Calibrate || options.Experiment))
        {
            throw new ArgumentException("--baseline-dll and --baseline-config add a server to the comparison; they do not go with --calibrate or --experiment.");
        }

        if (options.Experiment && options.Tool != SampleCalls.Add)
        {
            throw new ArgumentException("--experiment measures add only; leave out --tool.");
        }

        SampleServerSettings settings = SampleServerSettings.Resolve(root, dll, options.AirlockLogLevel);
        options.RepositoryRoot = settings.RepositoryRoot;
        options.SampleDll = settings.SampleDll;
        options.SampleDllIsDefault = settings.SampleDllIsDefault;
        return options;
    }

    private static string[] ConfigurationOverrides(string name, string text)
    {
        string[] overrides = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return overrides.Length > 0 && overrides.All(o => o.StartsWith("--", StringComparison.Ordinal) && o.Contains('=', StringComparison.Ordinal))
            ? overrides
            : throw new ArgumentException($"{name} takes configuration overrides such as \"--Airlock:Sanitizer:Enabled=false\", not '{text}'.");
    }

    private static string ExistingFile(string name, string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new ArgumentException($"{name}: no file at '{path}'.");

    private static SampleCall ToolCall(string name) => name switch
    {
        "add" => SampleCalls.Add,
        "get_customer" => SampleCalls.GetCustomer,
        _ => throw new ArgumentException($"--tool must be add or get_customer, not '{name}'."),
    };

    private static int Positive(string name, string text, bool allowZero = false)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < (allowZero ? 0 : 1))
        {
            throw new ArgumentException($"{name} must be a {(allowZero ? "non-negative" : "positive")} integer, not '{text}'.");
        }

        return value;
    }
}
