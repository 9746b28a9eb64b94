using System.Globalization;

namespace AgentAirlock.Cli;

/// <summary>The parsed arguments of <c>airlock audit tail</c>.</summary>
internal sealed class AuditTailArguments
{
    public const int DefaultCount = 20;

    private static readonly string[] Decisions = ["allowed", "blocked", "refused", "failed"];

    public bool Help { get; private set; }

    public bool Json { get; private set; }

    /// <summary>Gets how many of the last matching records to show; 0 shows all.</summary>
    public int Count { get; private set; } = DefaultCount;

    /// <summary>Gets the agents to show; empty shows every agent. A filter given more than once matches any of its values.</summary>
    public HashSet<string> Agents { get; } = new(StringComparer.Ordinal);

    public HashSet<string> DecisionsShown { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Tools { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Paths { get; private set; } = [];

    /// <summary>Parses <paramref name="args"/>; options take their value as the next argument or after <c>=</c> (<c>-n</c> also as <c>-n5</c>).</summary>
    public static AuditTailArguments? TryParse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new AuditTailArguments();
        var paths = new List<string>();
        var reader = new OptionReader(args);
        while (reader.MoveNext())
        {
            if (reader.Operand is { } operand)
            {
                paths.Add(operand);
                continue;
            }

            string name = reader.Name!;
            if (name.StartsWith("-n", StringComparison.Ordinal) && name.Length > 2 && reader.InlineValue is null)
            {
                // -n5, as tail(1) takes it.
                reader.InlineValue = name[2..];
                name = "-n";
            }

            switch (name)
            {
                case "-h" or "--help":
                    parsed.Help = true;
                    continue;
                case "--json":
                    parsed.Json = true;
                    continue;
                case "-n" or "--lines" or "--agent" or "--decision" or "--tool":
                    string? value = reader.Value(out error);
                    if (value is null)
                    {
                        return null;
                    }

                    error = parsed.Set(name, value);
                    if (error is not null)
                    {
                        return null;
                    }

                    continue;
                default:
                    error = $"unknown option '{name}'.";
                    return null;
            }
        }

        if (paths.Count == 0 && !parsed.Help)
        {
            error = "name at least one audit file or directory.";
            return null;
        }

        parsed.Paths = paths;
        error = null;
        return parsed;
    }

    /// <summary>Gets whether a record passes the filters.</summary>
    public bool Matches(AuditTailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Passes(Agents, record.AgentId) && Passes(DecisionsShown, record.Decision) && Passes(Tools, record.Tool);
    }

    private static bool Passes(HashSet<string> filter, string? value) => filter.Count == 0 || (value is not null && filter.Contains(value));

    private string? Set(string name, string value)
    {
        switch (name)
        {
            case "-n" or "--lines":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
                {
                    return $"{name} must be a whole number (0 for all); it is '{value}'.";
                }

                Count = count;
                return null;
            case "--decision":
                if (!Decisions.Contains(value, StringComparer.Ordinal))
                {
                    return $"--decision must be {string.Join(", ", Decisions[..^1])} or {Decisions[^1]}; it is '{value}'.";
                }

                DecisionsShown.Add(value);
                return null;
            case "--agent":
                Agents.Add(value);
                return null;
            default:
                Tools.Add(value);
                return null;
        }
    }
}
