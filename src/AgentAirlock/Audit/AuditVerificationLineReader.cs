using System.Buffers;

namespace AgentAirlock.Audit;

/// <summary>
/// Reads the lines of an audit file as the exact bytes written, one at a time, in a pooled buffer: a record's hash is
/// over its bytes, so they must not pass through a text decoder, and a file may be far larger than memory.
/// </summary>
/// <remarks>
/// A line is returned without its <c>\n</c> or <c>\r\n</c> ending. The span returned is valid until the next read.
/// Used by the chain verifier and by <c>airlock audit tail</c>.
/// </remarks>
internal sealed class AuditVerificationLineReader : IDisposable
{
    /// <summary>
    /// The longest line kept. Records are small (arguments are logged by name and type only); the limit stops a file
    /// without line breaks from growing the buffer without end.
    /// </summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private const int InitialBufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _endOfStream;

    public AuditVerificationLineReader(Stream stream)
        : this(stream, MaxLineBytes)
    {
    }

    /// <summary>Creates a reader with a smaller line limit, for tests.</summary>
    internal AuditVerificationLineReader(Stream stream, int maxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxLineBytes + 1));
    }

    /// <summary>Gets the 1-based number of the line last read.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Gets a value indicating whether the line last read ended with a line break (only the last line of a stream can lack one).</summary>
    public bool IsTerminated { get; private set; }

    /// <summary>
    /// Gets a value indicating whether the line last read was longer than the limit; it was skipped whole and
    /// <see cref="TryReadLine"/> returned it empty.
    /// </summary>
    public bool IsTooLong { get; private set; }

    /// <summary>Reads the next line.</summary>
    /// <returns><see langword="false"/> at the end of the stream.</returns>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        line = default;
        IsTooLong = false;
        while (true)
        {
            int newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                newline += _scanned;
                int length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r')
                {
                    length--;
                }

                // The pool may hand out a larger buffer than asked for, so a line can fit and still be over the limit.
                IsTooLong |= length > _maxLineBytes;
                line = IsTooLong ? default : _buffer.AsSpan(_start, length);
                _start = _scanned = newline + 1;
                return Return(terminated: true);
            }

            _scanned = _end;
            if (_endOfStream)
            {
                if (_start == _end && !IsTooLong)
                {
                    return false;
                }

                IsTooLong |= _end - _start > _maxLineBytes;
                line = IsTooLong ? default : _buffer.AsSpan(_start, _end - _start);
                _start = _scanned = _end;
                return Return(terminated: false);
            }

            Fill();
        }
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Return(bool terminated)
    {
        LineNumber++;
        IsTerminated = terminated;
        return true;
    }

    /// <summary>Reads more of the stream after the partial line in the buffer, making room for it first.</summary>
    private void Fill()
    {
        int pending = _end - _start;
        if (pending > _maxLineBytes)
        {
            // The rest of this line is read and dropped until its line break: only the fact that it was too long is kept.
            IsTooLong = true;
            _start = _end = _scanned = 0;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = _scanned = pending;
        }
        else if (_end == _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLineBytes + 1));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }
}
