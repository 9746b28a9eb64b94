using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;

namespace AgentAirlock.Audit;

/// <summary>
/// A Serilog sink that writes each event as one JSON line of a hash chain (<see cref="AuditChain"/>): <c>Time</c>,
/// <c>Sequence</c>, the event's properties in order, <c>PreviousHash</c>, <c>Hash</c>. Files roll by period and size;
/// the chain continues across files and across restarts (the last record of the newest file is read at start).
/// </summary>
/// <remarks>
/// The logging thread only formats the event's own part of the line (<see cref="AuditLineFormatter"/>) and queues it;
/// one writer thread numbers, chains and writes the queued lines, many per write when they come fast, so the calls
/// being audited neither wait for the disk nor contend for a lock around it. A write that fails loses the lines it
/// held (reported through <see cref="LinesLost"/>, counted, and <see cref="Failing"/> until a write succeeds again);
/// the chain on disk goes on from the last line written. After a failure the file is reopened for the next write;
/// a line left incomplete stays in the file, where verification reports it. <see cref="Dispose"/> writes what is
/// queued before it returns.
/// </remarks>
internal sealed class AuditFileSink : ILogEventSink, IDisposable
{
    private const int InitialTailBytes = 64 * 1024;
    private const int MaxTailBytes = 64 * 1024 * 1024;
    private const int MaxBatchBytes = 256 * 1024;
    private const int QueueCapacity = 65_536;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(2);
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Unbounded, so that writers never take a lock (a bounded channel locks on every write); the bound is kept by hand.
    private readonly Channel<AuditPendingLine> _queue = Channel.CreateUnbounded<AuditPendingLine>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly string _directory;
    private readonly string _prefix;
    private readonly string _extension;
    private readonly AuditRollingInterval _interval;
    private readonly long _sizeLimit;
    private readonly ArrayBufferWriter<byte> _batch = new(MaxBatchBytes + 4096);
    private readonly byte[] _previousHash = new byte[AuditChain.HashChars];

    // Used by the writer thread alone: one digest set up for the life of the sink rather than one per line.
    private IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Thread _writer;
    // Read and replaced whole by the logging threads: an object, so that a number is never seen with another's name.
    private volatile PeriodName? _lastPeriod;
    private FileStream? _file;
    private string? _period;
    private int _index;
    private long _size;
    private long _sequence;
    private bool _chainLoaded;
    private long _queued;
    private long _done;
    private volatile bool _failing;
    private volatile bool _disposed;

    public AuditFileSink(string path, AuditRollingInterval interval, long sizeLimit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        _directory = System.IO.Path.GetDirectoryName(full) ?? throw new ArgumentException($"The audit path '{path}' has no directory.", nameof(path));
        _prefix = System.IO.Path.GetFileNameWithoutExtension(full);
        _extension = System.IO.Path.GetExtension(full);
        _interval = interval;
        _sizeLimit = sizeLimit;
        // A thread of its own: as a thread-pool item the writer would queue behind the very calls it records, and fall
        // behind when they keep the pool busy.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Airlock audit writer" };
        _writer.Start();
    }

    /// <summary>Gets or sets what is told of lines that could not be written: how many, and why.</summary>
    public Action<int, Exception>? LinesLost { get; set; }

    /// <summary>Gets or sets what is told when lines are written again after a failure.</summary>
    public Action? Recovered { get; set; }

    /// <summary>Gets whether the last write failed (and no write has succeeded since).</summary>
    public bool Failing => _failing;

    /// <summary>Gets the file the next line goes to, once one is open.</summary>
    public string? CurrentFile => _file?.Name;

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Enqueue(AuditLineFormatter.Format(logEvent, PeriodOf(logEvent.Timestamp)));
    }

    /// <summary>
    /// Writes a record given as its members rather than as an event: <paramref name="writeMembers"/> writes them after
    /// the time, as the properties of an event would be.
    /// </summary>
    public void Write<TState>(DateTimeOffset time, TState state, Action<Utf8JsonWriter, TState> writeMembers)
    {
        ArgumentNullException.ThrowIfNull(writeMembers);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Enqueue(AuditLineFormatter.Format(time, PeriodOf(time), state, writeMembers));
    }

    private void Enqueue(AuditPendingLine line)
    {
        long queued = Interlocked.Increment(ref _queued);
        if (queued - Interlocked.Read(ref _done) > QueueCapacity)
        {
            // The disk is behind by a full queue: the callers wait rather than lose records or memory.
            SpinWait spin = default;
            while (queued - Interlocked.Read(ref _done) > QueueCapacity && _writer.IsAlive)
            {
                spin.SpinOnce(sleep1Threshold: 20);
            }
        }

        if (!_queue.Writer.TryWrite(line))
        {
            ArrayPool<byte>.Shared.Return(line.Bytes);
            Interlocked.Increment(ref _done);
            throw new ObjectDisposedException(nameof(AuditFileSink));
        }
    }

    /// <summary>Waits until every line queued so far has been written (or reported lost).</summary>
    public void Flush()
    {
        long target = Interlocked.Read(ref _queued);
        SpinWait spin = default;
        while (Interlocked.Read(ref _done) < target && _writer.IsAlive)
        {
            spin.SpinOnce(sleep1Threshold: 20);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        _writer.Join();
        Close();
        _sha256.Dispose();
    }

    private void WriteLoop()
    {
        ChannelReader<AuditPendingLine> reader = _queue.Reader;
        var lines = new List<AuditPendingLine>();
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            // Waking the writer for each line would cost the calls more than the write itself: lines that arrive within
            // the window go out in one write. A record reaches the file a few milliseconds after its call.
            Thread.Sleep(BatchWindow);
            while (lines.Count < QueueCapacity && reader.TryRead(out AuditPendingLine line))
            {
                lines.Add(line);
            }

            WriteAll(lines);

            foreach (AuditPendingLine line in lines)
            {
                ArrayPool<byte>.Shared.Return(line.Bytes);
            }

            Interlocked.Add(ref _done, lines.Count);
            lines.Clear();
        }
    }

    /// <summary>Chains and writes the lines, one write per file and at most <see cref="MaxBatchBytes"/>.</summary>
    private void WriteAll(List<AuditPendingLine> lines)
    {
        int first = 0;
        Span<byte> previous = stackalloc byte[AuditChain.HashChars];
        while (first < lines.Count)
        {
            int count = 0;
            long sequence = _sequence;
            _previousHash.CopyTo(previous);
            try
            {
                if (!_chainLoaded)
                {
                    LoadChain();
                    sequence = _sequence;
                    _previousHash.CopyTo(previous);
                }

                _batch.ResetWrittenCount();
                string period = lines[first].Period;
                while (first + count < lines.Count && lines[first + count].Period == period && _batch.WrittenCount < MaxBatchBytes
                    && (_sizeLimit == 0 || count == 0 || _size + _batch.WrittenCount + lines[first + count].Length + 200 <= _sizeLimit))
                {
                    Chain(lines[first + count], ++sequence, previous);
                    count++;
                }

                FileStream file = OpenFor(period, _batch.WrittenCount);
                file.Write(_batch.WrittenSpan);
                _size += _batch.WrittenCount;
                _sequence = sequence;
                previous.CopyTo(_previousHash);
                if (_failing)
                {
                    _failing = false;
                    Recovered?.Invoke();
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Whatever the cause, the writer goes on: a writer that stopped would leave the callers waiting on a full queue.
                // The chain goes on from the last line on disk; these lines are lost, and said to be.
                Close();

                // A digest that failed midway would still hold part of a line: the next line starts a fresh one.
                _sha256.Dispose();
                _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                count = Math.Max(count, 1);
                _failing = true;
                LinesLost?.Invoke(count, exception);
            }

            first += count;
        }
    }

    /// <summary>Appends one line to the batch: its part, the sequence and previous hash, the hash of it all.</summary>
    private void Chain(AuditPendingLine line, long sequence, Span<byte> previous)
    {
        int start = _batch.WrittenCount;
        ReadOnlySpan<byte> bytes = line.Bytes.AsSpan(0, line.Length);
        Write(bytes[..line.SequenceOffset]);
        Write(AuditChain.SequenceMemberStart);
        Span<byte> digits = _batch.GetSpan(20);
        sequence.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        _batch.Advance(written);
        Write(bytes[line.SequenceOffset..]);
        Write(AuditChain.PreviousHashMemberStart);
        Write(previous);
        Write("\""u8);

        Span<byte> hash = stackalloc byte[AuditChain.HashChars];
        AuditChain.ComputeHash(_sha256, _batch.WrittenSpan[start..], hash);
        Span<byte> tail = _batch.GetSpan(AuditChain.HashMemberLength + 1);
        AuditChain.WriteHashMember(hash, tail);
        tail[AuditChain.HashMemberLength] = (byte)'\n';
        _batch.Advance(AuditChain.HashMemberLength + 1);
        hash.CopyTo(previous);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_batch.GetSpan(bytes.Length));
        _batch.Advance(bytes.Length);
    }

    /// <summary>The name of the period of a time; the last one is kept, as every record of a day or an hour has the same.</summary>
    private string PeriodOf(DateTimeOffset timestamp)
    {
        (long ticksPerPeriod, string? format) = _interval switch
        {
            AuditRollingInterval.Day => (TimeSpan.TicksPerDay, "yyyyMMdd"),
            AuditRollingInterval.Hour => (TimeSpan.TicksPerHour, "yyyyMMddHH"),
            _ => (0, null),
        };
        if (format is null)
        {
            return string.Empty;
        }

        long number = timestamp.UtcTicks / ticksPerPeriod;
        PeriodName? last = _lastPeriod;
        if (last is null || last.Number != number)
        {
            _lastPeriod = last = new PeriodName(number, timestamp.UtcDateTime.ToString(format, CultureInfo.InvariantCulture));
        }

        return last.Name;
    }

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

    private sealed record PeriodName(long Number, string Name);
}
