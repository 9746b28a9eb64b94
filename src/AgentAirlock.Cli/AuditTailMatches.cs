using AgentAirlock.Audit;

namespace AgentAirlock.Cli;

/// <summary>
/// The matching records of <c>airlock audit tail</c>, read file after file. With a count, only the last that many are
/// kept (each new one pushes the oldest out) and printed at the end, aligned; with 0 each is printed as it is read, so
/// that memory never grows with the files.
/// </summary>
internal sealed class AuditTailMatches
{
    private readonly AuditTailArguments _arguments;
    private readonly TextWriter _output;
    private readonly AuditTailText _text;
    private readonly Queue<(byte[]? Line, AuditTailRecord Record)> _last = new();

    public AuditTailMatches(AuditTailArguments arguments, TextWriter output, AuditTailText text)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(text);
        _arguments = arguments;
        _output = output;
        _text = text;
    }

    /// <summary>Gets the number of lines skipped because they are not JSON objects.</summary>
    public long Unreadable { get; private set; }

    public void Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new AuditVerificationLineReader(stream);
        while (reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (!reader.IsTooLong && line.TrimStart(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            AuditTailRecord? record = reader.IsTooLong ? null : AuditTailRecord.TryParse(line);
            if (record is null)
            {
                Unreadable++;
            }
            else if (!_arguments.Matches(record))
            {
                continue;
            }
            else if (_arguments.Count == 0)
            {
                Print(line, record);
            }
            else
            {
                if (_last.Count == _arguments.Count)
                {
                    _last.Dequeue();
                }

                // The line as written is kept only when it is printed as written.
                _last.Enqueue((_arguments.Json ? line.ToArray() : null, record));
            }
        }
    }

    /// <summary>Prints the records kept, with the columns as wide as their widest value.</summary>
    public void Complete()
    {
        foreach ((_, AuditTailRecord record) in _last)
        {
            _text.Measure(record);
        }

        foreach ((byte[]? line, AuditTailRecord record) in _last)
        {
            Print(line, record);
        }

        _last.Clear();
    }

    private void Print(ReadOnlySpan<byte> line, AuditTailRecord record)
    {
        if (_arguments.Json)
        {
            Utf8Text.Write(_output, line);
            _output.Write('\n');
        }
        else
        {
            _text.Write(record);
        }
    }
}
