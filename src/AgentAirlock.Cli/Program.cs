using System.Reflection;
using System.Text;

namespace AgentAirlock.Cli;

/// <summary>The <c>airlock</c> entry point: picks the command named by the first argument.</summary>
internal static class Program
{
    /// <summary>Gets the commands, in the order usage lists them.</summary>
    internal static IReadOnlyList<ICommand> Commands { get; } = [new ScanCommand(), new AuditCommand()];

    public static int Main(string[] args)
    {
        // Findings can run to many lines: stdout is buffered (Console.Out flushes on every write) and flushed once.
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024);
        using Stream input = Console.OpenStandardInput();
        int code = Run(args, input, output, Console.Error);
        output.Flush();
        return code;
    }

    /// <summary>Runs one command line; the streams are parameters so that tests need no process.</summary>
    public static int Run(IReadOnlyList<string> args, Stream input, TextWriter output, TextWriter error)
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

        string name = args[0];
        switch (name)
        {
            case "-h" or "--help" or "help" when args.Count == 1:
                WriteUsage(output);
                return ExitCodes.Success;
            case "help":
                return Help(args[1], output, error);
            case "--version":
                output.WriteLine(Version());
                return ExitCodes.Success;
        }

        return CommandList.RunNamed("airlock", "command", Commands, args, input, output, error);
    }

    private static int Help(string name, TextWriter output, TextWriter error)
    {
        ICommand? command = CommandList.Find(Commands, name);
        if (command is null)
        {
            error.WriteLine($"airlock: unknown command '{name}'.");
            return ExitCodes.Error;
        }

        command.WriteUsage(output);
        return ExitCodes.Success;
    }

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("Usage: airlock <command> [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        CommandList.Write(writer, Commands);

        writer.WriteLine();
        writer.WriteLine("Run 'airlock <command> --help' for a command's options.");
    }

    private static string Version() =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Program).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
