using System.Globalization;
using AgentAirlock.Audit;

namespace AgentAirlock.Cli;

/// <summary><c>airlock audit verify</c>: checks that audit files form one unbroken hash chain.</summary>
internal sealed class AuditVerifyCommand : ICommand
{
    public string Name => "verify";

    public string Summary => "Check that the files form one unbroken hash chain.";

    public void WriteUsage(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Usage: airlock audit verify [options] <file|directory>...");
        output.WriteLine();
        output.WriteLine("Verifies the files, in the order given, as one hash chain: each record's hash, its link to");
        output.WriteLine("the record before it and its sequence number. A directory stands for its *.jsonl files in");
        output.WriteLine("name order. Prints one line: the records checked and the last hash, or the first broken link");
        output.WriteLine("as  chain broken at <file>:<line> (sequence N): <reason>.");
        output.WriteLine();
        output.WriteLine("Files that begin in the middle of a chain (older files archived) are accepted, with a note.");
        output.WriteLine("Records cut off the end, or a chain rewritten and rehashed from some point on, can only be");
        output.WriteLine("detected by comparing the last hash with a copy kept elsewhere.");
        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine("  --from-genesis       Fail unless the first record starts the chain (sequence 1).");
        output.WriteLine("  -h, --help           Show this help.");
        output.WriteLine();
        output.WriteLine("Exit codes: 0 chain intact, 1 chain broken, 2 usage or input error.");
    }

    public int Run(IReadOnlyList<string> args, Stream input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var paths = new List<string>();
        bool requireGenesis = false;
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
                    WriteUsage(output);
                    return ExitCodes.Success;
                case "--from-genesis" when reader.InlineValue is null:
                    requireGenesis = true;
                    break;
                default:
                    return Usage(error, $"unknown option '{reader.Name}'.");
            }
        }

        IReadOnlyList<string>? files = AuditFiles.TryResolve(paths, out string? problem);
        if (files is null)
        {
            return Usage(error, problem!);
        }

        var verifier = new AuditChainVerifier { RequireGenesis = requireGenesis };
        foreach (string path in files)
        {
            Stream? stream = null;
            try
            {
                stream = AuditFiles.Open(path, input);
                if (!verifier.Verify(AuditFiles.DisplayName(path), stream))
                {
                    break;
                }
            }
            catch (Exception exception) when (AuditFiles.IsReadError(exception))
            {
                error.WriteLine($"airlock audit verify: {AuditFiles.Describe(path, exception)}");
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

        AuditVerificationResult result = verifier.Result;
        output.WriteLine(Describe(result));
        return result.Intact ? ExitCodes.Success : ExitCodes.Found;
    }

    /// <summary>The one line printed: the first broken link, or what was verified.</summary>
    internal static string Describe(AuditVerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Failure is { } failure)
        {
            string sequence = failure.Sequence is { } number ? $" (sequence {Number(number)})" : "";
            return $"chain broken at {failure.File}:{Number(failure.Line)}{sequence}: {failure.Reason}";
        }

        string files = result.Files == 1 ? "1 file" : $"{Number(result.Files)} files";
        if (result.Records == 0)
        {
            return $"no records in {files}: nothing to verify";
        }

        string records = result.Records == 1 ? "1 record" : $"{Number(result.Records)} records";
        string start = result.FromGenesis
            ? "from genesis"
            : $"continuing a chain from before sequence {Number(result.FirstSequence)} (its earlier records are not in these files)";
        return $"chain intact: {records} in {files}, sequence {Number(result.FirstSequence)}–{Number(result.LastSequence)}, {start}; "
            + $"last hash {result.LastHash}";
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Usage(TextWriter error, string problem) => CommandList.UsageError(error, "airlock audit verify", problem);
}
