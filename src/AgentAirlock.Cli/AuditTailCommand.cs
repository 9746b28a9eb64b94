namespace AgentAirlock.Cli;

/// <summary>
/// <c>airlock audit tail</c>: the last records of audit files, filtered, one readable line each or as written. Memory is
/// bounded by the number of records shown, not by the size of the files.
/// </summary>
internal sealed class AuditTailCommand : ICommand
{
    public string Name => "tail";

    public string Summary => "Show the last records, filtered, one readable line each.";

    public void WriteUsage(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Usage: airlock audit tail [options] <file|directory>...");
        output.WriteLine();
        output.WriteLine("Prints the last matching records of the files, in the order given (a directory stands for its");
        output.WriteLine("*.jsonl files in name order), one line each:");
        output.WriteLine("  time  decision  agent  tool  reason (layer)  masked TYPE×n  args name:type  duration");
        output.WriteLine("Lines that are not JSON objects are skipped and counted on standard error. The hash chain is");
        output.WriteLine("not checked: run 'airlock audit verify' for that.");
        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine($"  -n, --lines <N>      Show the last N matching records (default {AuditTailArguments.DefaultCount}; 0 shows all).");
        output.WriteLine("  --agent <id>         Only records of this agent.");
        output.WriteLine("  --decision <name>    Only allowed, blocked, refused or failed calls.");
        output.WriteLine("  --tool <name>        Only calls of this tool.");
        output.WriteLine("  --json               Print the matching lines as written instead.");
        output.WriteLine("  -h, --help           Show this help.");
        output.WriteLine();
        output.WriteLine("Filters match exactly; a filter given more than once matches any of its values.");
        output.WriteLine();
        output.WriteLine("Exit codes: 0 done, 2 usage or input error.");
    }

    public int Run(IReadOnlyList<string> args, Stream input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        AuditTailArguments? arguments = AuditTailArguments.TryParse(args, out string? problem);
        if (arguments is null)
        {
            return Usage(error, problem!);
        }

        if (arguments.Help)
        {
            WriteUsage(output);
            return ExitCodes.Success;
        }

        IReadOnlyList<string>? files = AuditFiles.TryResolve(arguments.Paths, out problem);
        if (files is null)
        {
            return Usage(error, problem!);
        }

        var text = new AuditTailText(output);
        var tail = new AuditTailMatches(arguments, output, text);
        foreach (string path in files)
        {
            Stream? stream = null;
            try
            {
                stream = AuditFiles.Open(path, input);
                tail.Read(stream);
            }
            catch (Exception exception) when (AuditFiles.IsReadError(exception))
            {
                error.WriteLine($"airlock audit tail: {AuditFiles.Describe(path, exception)}");
                return ExitCodes.Error;
            }
            finally
            {
                if (stream != input)
                {
                    stream?.Dispose();
                }
            }
        }

        tail.Complete();
        if (tail.Unreadable > 0)
        {
            error.WriteLine($"airlock audit tail: skipped {tail.Unreadable} unreadable {(tail.Unreadable == 1 ? "line" : "lines")} (not JSON objects).");
        }

        return ExitCodes.Success;
    }

    private static int Usage(TextWriter error, string problem) => CommandList.UsageError(error, "airlock audit tail", problem);
}
