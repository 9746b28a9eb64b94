namespace AgentAirlock.Cli;

/// <summary>
/// <c>airlock audit</c>: works on the files of the middleware's audit trail. Its subcommands verify the hash chain
/// (<c>verify</c>) and show the last records readably (<c>tail</c>).
/// </summary>
internal sealed class AuditCommand : ICommand
{
    private readonly IReadOnlyList<ICommand> _subcommands = [new AuditVerifyCommand(), new AuditTailCommand()];

    public string Name => "audit";

    public string Summary => "Verify the hash chain of audit files, or show their last records.";

    public void WriteUsage(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Usage: airlock audit <subcommand> [options] <file|directory>...");
        output.WriteLine();
        output.WriteLine("Reads the JSON Lines files of the audit trail. A directory stands for its *.jsonl files in");
        output.WriteLine("name order, which is the order they were written in; '-' reads standard input.");
        output.WriteLine();
        output.WriteLine("Subcommands:");
        CommandList.Write(output, _subcommands);

        output.WriteLine();
        output.WriteLine("Run 'airlock audit <subcommand> --help' for its options.");
    }

    public int Run(IReadOnlyList<string> args, Stream input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 0)
        {
            WriteUsage(error);
            return ExitCodes.Error;
        }

        if (args[0] is "-h" or "--help" or "help")
        {
            WriteUsage(output);
            return ExitCodes.Success;
        }

        return CommandList.RunNamed("airlock audit", "subcommand", _subcommands, args, input, output, error);
    }
}
