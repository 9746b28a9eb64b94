namespace AgentAirlock.Cli;

/// <summary>
/// The commands of one level of the command line (<c>airlock</c>'s commands, <c>airlock audit</c>'s subcommands): their
/// list in a usage text, and running the one named.
/// </summary>
internal static class CommandList
{
    /// <summary>Writes one line per command, name and summary, aligned.</summary>
    public static void Write(TextWriter writer, IReadOnlyCollection<ICommand> commands)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(commands);
        int width = commands.Max(c => c.Name.Length) + 4;
        foreach (ICommand command in commands)
        {
            writer.WriteLine($"  {command.Name.PadRight(width)}{command.Summary}");
        }
    }

    /// <summary>The command of that exact name, or <see langword="null"/>.</summary>
    public static ICommand? Find(IReadOnlyCollection<ICommand> commands, string name)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return commands.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs the command named by <c>args[0]</c> with the arguments after it; an unknown name is a usage error of
    /// <paramref name="program"/> (<c>airlock</c>, <c>airlock audit</c>), which calls its commands <paramref name="kind"/>.
    /// </summary>
    public static int RunNamed(
        string program, string kind, IReadOnlyCollection<ICommand> commands, IReadOnlyList<string> args, Stream input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        ICommand? command = Find(commands, args[0]);
        if (command is null)
        {
            error.WriteLine($"{program}: unknown {kind} '{args[0]}'.");
            error.WriteLine($"Run '{program} --help' for the list of {kind}s.");
            return ExitCodes.Error;
        }

        return command.Run(args.Skip(1).ToArray(), input, output, error);
    }

    /// <summary>Tells of a usage error of <paramref name="command"/> and where its options are; returns the exit code.</summary>
    public static int UsageError(TextWriter error, string command, string problem)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"{command}: {problem}");
        error.WriteLine($"Run '{command} --help' for the options.");
        return ExitCodes.Error;
    }
}
