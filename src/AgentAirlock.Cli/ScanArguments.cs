using AgentAirlock.Sanitization;

namespace AgentAirlock.Cli;

/// <summary>The parsed arguments of <c>airlock scan</c>.</summary>
internal sealed class ScanArguments
{
    public bool Help { get; private set; }

    public bool Json { get; private set; }

    public bool Mask { get; private set; }

    public string? ConfigPath { get; private set; }

    public MaskingStrategy? Strategy { get; private set; }

    /// <summary>Gets the inputs in order; <c>-</c> is standard input, which is also the only input when none is named.</summary>
    public IReadOnlyList<string> Paths { get; private set; } = [];

    /// <summary>Parses <paramref name="args"/>; options take their value as the next argument or after <c>=</c>.</summary>
    public static ScanArguments? TryParse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new ScanArguments();
        var paths = new List<string>();
        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                paths.Add(arg);
                continue;
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? arg : arg[..equals];
            string? inlineValue = equals < 0 ? null : arg[(equals + 1)..];
            switch (name)
            {
                case "--":
                    optionsEnded = true;
                    continue;
                case "-h" or "--help":
                    parsed.Help = true;
                    continue;
                case "--json":
                    parsed.Json = true;
                    continue;
                case "--mask":
                    parsed.Mask = true;
                    continue;
                case "--config" or "--strategy":
                    string? value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
                    if (string.IsNullOrEmpty(value))
                    {
                        error = $"{name} needs a value.";
                        return null;
                    }

                    if (name == "--config")
                    {
                        parsed.ConfigPath = value;
                    }
                    else if (ParseStrategy(value) is { } strategy)
                    {
                        parsed.Strategy = strategy;
                    }
                    else
                    {
                        error = $"--strategy must be Full, Partial, TypeOnly or Hash; it is '{value}'.";
                        return null;
                    }

                    continue;
                default:
                    error = $"unknown option '{name}'.";
                    return null;
            }
        }

        if (parsed.Json && parsed.Mask)
        {
            error = "--json and --mask cannot be combined.";
            return null;
        }

        parsed.Paths = paths.Count == 0 ? ["-"] : paths;
        error = null;
        return parsed;
    }

    /// <summary>Names only: Enum.TryParse would also take numbers and comma-joined lists.</summary>
    private static MaskingStrategy? ParseStrategy(string value)
    {
        foreach (MaskingStrategy strategy in Enum.GetValues<MaskingStrategy>())
        {
            if (value.Equals(strategy.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return strategy;
            }
        }

        return null;
    }
}
