using AgentAirlock.Sanitization;

namespace AgentAirlock.Cli;

/// <summary>
/// <c>airlock scan</c>: finds the values the middleware would mask in files or standard input, with the same detectors
/// and options, and shows each only masked. For pre-commit hooks, CI and audits of logs before they are shared.
/// </summary>
internal sealed class ScanCommand : ICommand
{
    public string Name => "scan";

    public string Summary => "Find secrets and personal data in files or standard input.";

    public void WriteUsage(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Usage: airlock scan [options] [files...]");
        output.WriteLine();
        output.WriteLine("Scans each file (standard input when no file or '-' is given) with the detectors of the");
        output.WriteLine("sanitizer and prints one line per finding:  path:line:column  TYPE  masked-value");
        output.WriteLine("Values are shown masked only, never as found.");
        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine("  --json               Print one JSON document instead (byte offsets, lines, columns).");
        output.WriteLine("  --mask               Print the input with every finding masked instead of the findings.");
        output.WriteLine("  --config <file>      Read Airlock:Sanitizer from this appsettings.json: DisabledTypes,");
        output.WriteLine("                       Strategies, AllowedEmailDomains and HashKey apply.");
        output.WriteLine("  --strategy <name>    Mask every type with Full, Partial, TypeOnly or Hash.");
        output.WriteLine("  -h, --help           Show this help.");
        output.WriteLine();
        output.WriteLine($"Each input is read whole, up to {Inputs.MaxBytes / (1024 * 1024)} MiB, as UTF-8. Columns count UTF-16");
        output.WriteLine("characters. Without a HashKey, Hash masks use a random key and differ from run to run.");
        output.WriteLine();
        output.WriteLine("Exit codes: 0 nothing found, 1 findings, 2 usage or input error.");
    }

    public int Run(IReadOnlyList<string> args, Stream input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ScanArguments? arguments = ScanArguments.TryParse(args, out string? problem);
        if (arguments is null)
        {
            return CommandList.UsageError(error, "airlock scan", problem!);
        }

        if (arguments.Help)
        {
            WriteUsage(output);
            return ExitCodes.Success;
        }

        var options = new SanitizerOptions();
        if (arguments.ConfigPath is not null && !SanitizerConfiguration.TryLoad(arguments.ConfigPath, options, out problem))
        {
            error.WriteLine($"airlock scan: {problem}");
            return ExitCodes.Error;
        }

        TextSanitizer sanitizer = TextSanitizer.Create(options);
        var masks = new ScanMasks(sanitizer, arguments.Strategy);
        IScanReport report = arguments.Json ? new JsonScanReport(output, masks)
            : arguments.Mask ? new MaskedTextReport(output, masks)
            : new TextScanReport(output, masks);
        try
        {
            return Scan(arguments.Paths, sanitizer.Scanner, report, input, error);
        }
        finally
        {
            (report as IDisposable)?.Dispose();
        }
    }

    private static int Scan(IReadOnlyList<string> paths, SensitiveDataScanner scanner, IScanReport report, Stream input, TextWriter error)
    {
        FindingList findings = scanner.CreateList();
        int total = 0;
        bool failed = false;

        // An unreadable input does not stop the others (as grep): the report covers what could be read, and the exit
        // code still says that something went wrong.
        foreach (string path in paths)
        {
            byte[]? text = Inputs.TryRead(path, input, out string? problem);
            if (text is null)
            {
                error.WriteLine($"airlock scan: {problem}");
                failed = true;
                continue;
            }

            scanner.Scan(text, findings);
            total += findings.Count;
            report.Add(Inputs.DisplayName(path), text, findings);
        }

        report.Complete(total);
        return failed ? ExitCodes.Error : total > 0 ? ExitCodes.Found : ExitCodes.Success;
    }
}
