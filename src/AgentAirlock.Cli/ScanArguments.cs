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
        var reader = new OptionReader(args);
        while (reader.MoveNext())
        {
            if (reader.Operand is { } operand)
            {
                paths.Add(operand);
                continue;
            }

            switch (reader.Name)
            {
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
                    string? value = reader.Value(out error);
                    if (value is null)
                    {
                        return null;
                    }

                    if (reader.Name == "--config")
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
                    error = $"unknown option '{reader.Name}'.";
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
