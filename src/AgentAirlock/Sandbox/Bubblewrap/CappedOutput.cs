using System.Buffers;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// Collects one output stream of a sandboxed process up to a cap. Past the cap it keeps draining (so the process
/// never blocks on a full pipe) but keeps nothing, and reports the overflow once.
/// </summary>
internal sealed class CappedOutput
{
    private readonly int _cap;
    private byte[] _buffer = [];
    private int _length;

    public CappedOutput(int cap)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap);
        _cap = cap;
    }

    /// <summary>Gets whether the stream held more than the cap.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Gets what was kept: everything, or the first <c>cap</c> bytes after an overflow.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    /// <summary>Reads <paramref name="stream"/> to its end; <paramref name="onOverflow"/> runs once when the cap is passed.</summary>
    public async Task ReadToEndAsync(Stream stream, Action? onOverflow)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await stream.ReadAsync(chunk).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException)
                {
                    return;
                }

                if (read == 0)
                {
                    return;
                }

                if (Overflowed)
                {
                    continue;
                }

                if (_length + read > _cap)
                {
                    Append(chunk.AsSpan(0, _cap - _length));
                    Overflowed = true;
                    onOverflow?.Invoke();
                    continue;
                }

                Append(chunk.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            // Most results are small: grow by doubling, never past the cap.
            int size = Math.Min(_cap, Math.Max(_buffer.Length * 2, Math.Max(4096, _length + data.Length)));
            Array.Resize(ref _buffer, size);
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }
}
