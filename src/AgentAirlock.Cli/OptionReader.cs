namespace AgentAirlock.Cli;

/// <summary>
/// Reads a command's arguments the way every airlock command takes them: options start with <c>-</c> and take their
/// value as the next argument or after <c>=</c>; <c>--</c> ends the options; <c>-</c> and everything else are operands
/// (files, or <c>-</c> for standard input).
/// </summary>
internal sealed class OptionReader
{
    private readonly IReadOnlyList<string> _args;
    private int _index = -1;
    private bool _optionsEnded;

    public OptionReader(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _args = args;
    }

    /// <summary>Gets the current option's name (<c>--json</c>), or <see langword="null"/> when the current argument is an operand.</summary>
    public string? Name { get; private set; }

    /// <summary>Gets the current operand, or <see langword="null"/> when the current argument is an option.</summary>
    public string? Operand { get; private set; }

    /// <summary>Gets or sets the value given after <c>=</c> in the current option, if any.</summary>
    public string? InlineValue { get; set; }

    /// <summary>Moves to the next option or operand; <c>--</c> itself is consumed.</summary>
    public bool MoveNext()
    {
        while (++_index < _args.Count)
        {
            string arg = _args[_index];
            if (_optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                (Name, Operand, InlineValue) = (null, arg, null);
                return true;
            }

            if (arg == "--")
            {
                _optionsEnded = true;
                continue;
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            Operand = null;
            Name = equals < 0 ? arg : arg[..equals];
            InlineValue = equals < 0 ? null : arg[(equals + 1)..];
            return true;
        }

        return false;
    }

    /// <summary>The current option's value: after <c>=</c>, else the next argument (consumed); <see langword="null"/> when there is none.</summary>
    public string? Value(out string? error)
    {
        string? value = InlineValue ?? (_index + 1 < _args.Count ? _args[++_index] : null);
        error = string.IsNullOrEmpty(value) ? $"{Name} needs a value." : null;
        return error is null ? value : null;
    }
}
