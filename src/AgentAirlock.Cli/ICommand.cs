namespace AgentAirlock.Cli;

/// <summary>One <c>airlock</c> command. A new command is a new class added to <see cref="Program.Commands"/>.</summary>
internal interface ICommand
{
    /// <summary>Gets the word that selects the command (<c>scan</c>).</summary>
    string Name { get; }

    /// <summary>Gets the one-line description shown in the list of commands.</summary>
    string Summary { get; }

    /// <summary>Writes the command's full usage.</summary>
    void WriteUsage(TextWriter output);

    /// <summary>Runs the command with the arguments after its name and returns the process exit code.</summary>
    int Run(IReadOnlyList<string> args, Stream input, TextWriter output, TextWriter error);
}
