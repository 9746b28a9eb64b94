using System.Buffers.Binary;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// Reads the envelopes of a Connect streaming body: a flags byte, a big-endian 32-bit length, then that many bytes.
/// One buffer is reused for every frame.
/// </summary>
internal sealed class ConnectFrameReader
{
    /// <summary>The largest payload accepted; envd's events are small (data chunks are pipe reads).</summary>
    public const int MaxPayload = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _prefix = new byte[5];
    private byte[] _payload = new byte[4096];

    public ConnectFrameReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Reads the next frame, or returns <see langword="null"/> when the body ended cleanly between frames.</summary>
    /// <exception cref="E2BCallException">The body ended inside a frame, or a frame is larger than <see cref="MaxPayload"/>.</exception>
    public async ValueTask<ConnectFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        int read = await _stream.ReadAtLeastAsync(_prefix, _prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < _prefix.Length)
        {
            throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream ended inside a frame header.");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(_prefix.AsSpan(1));
        if (length > MaxPayload)
        {
            throw new E2BCallException(SandboxStatus.Failed, $"The sandbox's process stream sent a frame of {length} bytes, more than the {MaxPayload} accepted.");
        }

        if (_payload.Length < length)
        {
            _payload = new byte[Math.Max((int)length, _payload.Length * 2)];
        }

        Memory<byte> payload = _payload.AsMemory(0, (int)length);
        if (length > 0)
        {
            read = await _stream.ReadAtLeastAsync(payload, (int)length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < length)
            {
                throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream ended inside a frame.");
            }
        }

        return new ConnectFrame(_prefix[0], payload);
    }
}
