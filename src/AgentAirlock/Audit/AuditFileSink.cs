using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Serilog.Core;
using Serilog.Events;

namespace AgentAirlock.Audit;

/// <summary>
/// A Serilog sink that writes each event as one JSON line of a hash chain (<see cref="AuditChain"/>): <c>Time</c>,
/// <c>Sequence</c>, the event's properties in order, <c>PreviousHash</c>, <c>Hash</c>. Files roll by period and size;
/// the chain continues across files and across restarts (the last record of the newest file is read at start).
/// </summary>
/// <remarks>
/// Each line is written to the operating system before <see cref="Emit"/> returns, and a failure throws, so that a
/// logger that audits through this sink (<c>AuditTo</c>) learns of it. After a failure the file is reopened on the
/// next event; a line left incomplete stays in the file, where verification reports it.
/// </remarks>
internal sealed class AuditFileSink : ILogEventSink, IDisposable
{
    private const int InitialTailBytes = 64 * 1024;
    private const int MaxTailBytes = 64 * 1024 * 1024;
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly string _prefix;
    private readonly string _extension;
    private readonly AuditRollingInterval _interval;
    private readonly long _sizeLimit;
    private readonly ArrayBufferWriter<byte> _line = new(2048);
    private readonly Utf8JsonWriter _writer;
    private readonly byte[] _previousHash = new byte[AuditChain.HashChars];
    private FileStream? _file;
    private string? _period;
    private int _index;
    private long _size;
    private long _sequence;
    private bool _chainLoaded;
    private bool _disposed;

    public AuditFileSink(string path, AuditRollingInterval interval, long sizeLimit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        _directory = System.IO.Path.GetDirectoryName(full) ?? throw new ArgumentException($"The audit path '{path}' has no directory.", nameof(path));
        _prefix = System.IO.Path.GetFileNameWithoutExtension(full);
        _extension = System.IO.Path.GetExtension(full);
        _interval = interval;
        _sizeLimit = sizeLimit;
        _writer = new Utf8JsonWriter(_line);
    }

    /// <summary>Gets the file the next record goes to, once one is open.</summary>
    public string? CurrentFile => _file?.Name;

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_chainLoaded)
            {
                LoadChain();
            }

            int length = Format(logEvent, _sequence + 1);
            FileStream file = OpenFor(PeriodOf(logEvent.Timestamp), length);
            try
            {
                file.Write(_line.WrittenSpan);
            }
            catch
            {
                Close();
                throw;
            }

            _size += length;
            _sequence++;
            _line.WrittenSpan.Slice(length - 1 - 2 - AuditChain.HashChars, AuditChain.HashChars).CopyTo(_previousHash);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Close();
            _writer.Dispose();
        }
    }

    /// <summary>Writes the record's line (with its line break) into <see cref="_line"/> and returns its length.</summary>
    private int Format(LogEvent logEvent, long sequence)
    {
        _line.ResetWrittenCount();
        _writer.Reset(_line);
        _writer.WriteStartObject();
        _writer.WriteString("Time"u8, logEvent.Timestamp.UtcDateTime);
        _writer.WriteNumber(AuditChain.SequenceName, sequence);
        foreach ((string name, LogEventPropertyValue value) in logEvent.Properties)
        {
            if (name is "Time" or "Sequence" or "PreviousHash" or "Hash")
            {
                continue;
            }

            _writer.WritePropertyName(name);
            WriteValue(value);
        }

        _writer.WriteString(AuditChain.PreviousHashName, _previousHash);
        _writer.Flush();

        Span<byte> hash = stackalloc byte[AuditChain.HashChars];
        AuditChain.ComputeHash(_line.WrittenSpan, hash);
        Span<byte> tail = _line.GetSpan(AuditChain.HashMemberLength + 1);
        AuditChain.WriteHashMember(hash, tail);
        tail[AuditChain.HashMemberLength] = (byte)'\n';
        _line.Advance(AuditChain.HashMemberLength + 1);
        return _line.WrittenCount;
    }

    private void WriteValue(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue scalar:
                WriteScalar(scalar.Value);
                break;
            case SequenceValue sequence:
                _writer.WriteStartArray();
                foreach (LogEventPropertyValue item in sequence.Elements)
                {
                    WriteValue(item);
                }

                _writer.WriteEndArray();
                break;
            case StructureValue structure:
                _writer.WriteStartObject();
                foreach (LogEventProperty property in structure.Properties)
                {
                    _writer.WritePropertyName(property.Name);
                    WriteValue(property.Value);
                }

                _writer.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                _writer.WriteStartObject();
                foreach ((ScalarValue key, LogEventPropertyValue item) in dictionary.Elements)
                {
                    _writer.WritePropertyName(Convert.ToString(key.Value, CultureInfo.InvariantCulture) ?? "null");
                    WriteValue(item);
                }

                _writer.WriteEndObject();
                break;
            default:
                _writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private void WriteScalar(object? value)
    {
        switch (value)
        {
            case null:
                _writer.WriteNullValue();
                break;
            case string text:
                _writer.WriteStringValue(text);
                break;
            case bool flag:
                _writer.WriteBooleanValue(flag);
                break;
            case int number:
                _writer.WriteNumberValue(number);
                break;
            case long number:
                _writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                _writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                _writer.WriteNumberValue(number);
                break;
            case decimal number:
                _writer.WriteNumberValue(number);
                break;
            case DateTimeOffset time:
                _writer.WriteStringValue(time);
                break;
            case DateTime time:
                _writer.WriteStringValue(time);
                break;
            case IFormattable formattable:
                _writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                _writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private string PeriodOf(DateTimeOffset timestamp) => _interval switch
    {
        AuditRollingInterval.Day => timestamp.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        AuditRollingInterval.Hour => timestamp.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture),
        _ => string.Empty,
    };

    private string FileName(string period, int index) =>
        System.IO.Path.Combine(_directory, _prefix + period + (index == 0 ? string.Empty : "_" + index.ToString("D3", CultureInfo.InvariantCulture)) + _extension);

    private FileStream OpenFor(string period, int length)
    {
        if (_file is not null && _period == period && (_sizeLimit == 0 || _size == 0 || _size + length <= _sizeLimit))
        {
            return _file;
        }

        bool samePeriod = _file is not null && _period == period;
        Close();
        int index = samePeriod ? _index + 1 : LastIndexOf(period);
        while (true)
        {
            FileStream file = Open(FileName(period, index));
            long size = file.Length;
            if (_sizeLimit > 0 && size > 0 && size + length > _sizeLimit)
            {
                file.Dispose();
                index++;
                continue;
            }

            _file = file;
            _period = period;
            _index = index;
            _size = size;
            EndTornLine(file);
            return file;
        }
    }

    private static FileStream Open(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode0600;
        }

        return new FileStream(path, options);
    }

    /// <summary>A line left incomplete by a crash or a failed write is ended, so that the next record starts a line of its own.</summary>
    private void EndTornLine(FileStream file)
    {
        if (_size == 0)
        {
            return;
        }

        using var reader = new FileStream(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        reader.Seek(-1, SeekOrigin.End);
        if (reader.ReadByte() != '\n')
        {
            file.Write("\n"u8);
            _size++;
        }
    }

    private void Close()
    {
        _file?.Dispose();
        _file = null;
    }

    /// <summary>The highest roll index of the files of a period (0 when there are none).</summary>
    private int LastIndexOf(string period) =>
        ExistingFiles().Where(f => f.Period == period).Select(f => f.Index).DefaultIfEmpty(0).Max();

    private IEnumerable<(string Period, int Index, string Path)> ExistingFiles()
    {
        if (!Directory.Exists(_directory))
        {
            yield break;
        }

        foreach (string path in Directory.EnumerateFiles(_directory, _prefix + "*" + _extension))
        {
            string name = System.IO.Path.GetFileName(path);
            string middle = name[_prefix.Length..^_extension.Length];
            int underscore = middle.LastIndexOf('_');
            string period = underscore < 0 ? middle : middle[..underscore];
            int index = 0;
            if ((underscore >= 0 && !int.TryParse(middle.AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
                || !period.All(char.IsAsciiDigit))
            {
                continue;
            }

            yield return (period, index, path);
        }
    }

    /// <summary>Continues the chain of the newest existing file, or starts one from the genesis value.</summary>
    private void LoadChain()
    {
        if (!Directory.Exists(_directory))
        {
            // A directory Airlock creates holds audit files only: keep it to the owner. One that exists is left as it is.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(_directory);
            }
            else
            {
                Directory.CreateDirectory(_directory, DirectoryMode0700);
            }
        }

        AuditChain.Genesis.Select(c => (byte)c).ToArray().CopyTo(_previousHash, 0);
        _sequence = 0;
        foreach ((string _, int _, string path) in ExistingFiles()
            .OrderByDescending(f => f.Period, StringComparer.Ordinal).ThenByDescending(f => f.Index))
        {
            if (ReadLastLink(path) is { } link)
            {
                _sequence = link.Sequence;
                System.Text.Encoding.ASCII.GetBytes(link.Hash, _previousHash);
                break;
            }
        }

        _chainLoaded = true;
    }

    /// <summary>The chain members of the last complete record of a file; <see langword="null"/> when it holds none.</summary>
    private static AuditLink? ReadLastLink(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        long length = file.Length;

        // Most records are short: read a little of the end, and more while the last record does not fit.
        for (long window = Math.Min(length, InitialTailBytes); window > 0; window = Math.Min(length, window * 4))
        {
            if (FindLastLink(file, length, (int)window, out bool complete) is { } link)
            {
                return link;
            }

            if (complete || window == length || window >= MaxTailBytes)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Looks for the last record among the complete lines of the file's last <paramref name="window"/> bytes;
    /// <paramref name="complete"/> tells whether the whole file was searched.
    /// </summary>
    private static AuditLink? FindLastLink(FileStream file, long length, int window, out bool complete)
    {
        complete = false;
        byte[] tail = ArrayPool<byte>.Shared.Rent(window);
        try
        {
            file.Seek(length - window, SeekOrigin.Begin);
            file.ReadExactly(tail, 0, window);
            ReadOnlySpan<byte> text = tail.AsSpan(0, window);

            // Complete lines end with a line break: whatever follows the last one is a torn line.
            int end = text.LastIndexOf((byte)'\n');
            while (end >= 0)
            {
                ReadOnlySpan<byte> before = text[..end];
                int newline = before.LastIndexOf((byte)'\n');
                if (newline < 0 && window < length)
                {
                    // The line may begin before the window: a larger one decides.
                    return null;
                }

                ReadOnlySpan<byte> line = before[(newline + 1)..].TrimEnd((byte)'\r');

                // A torn line, ended when the file was reopened, is not a record: the chain goes on from the one before it.
                if (line.Length > 0 && AuditChain.TryReadLink(line, out AuditLink link))
                {
                    return link;
                }

                end = newline;
            }

            // No record among the lines seen: only when the window is the whole file is there nothing more to look at.
            complete = window == length;
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }
}
