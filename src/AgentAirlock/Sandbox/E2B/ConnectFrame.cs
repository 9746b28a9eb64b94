namespace AgentAirlock.Sandbox.E2B;

/// <summary>One frame of a Connect streaming body: its flags and its payload.</summary>
internal readonly struct ConnectFrame
{
    /// <summary>A message (JSON).</summary>
    public const byte MessageFlag = 0x00;

    /// <summary>A compressed message; never produced when the client does not offer compression.</summary>
    public const byte CompressedFlag = 0x01;

    /// <summary>The end of the stream, with an optional error.</summary>
    public const byte EndStreamFlag = 0x02;

    public ConnectFrame(byte flags, ReadOnlyMemory<byte> payload)
    {
        Flags = flags;
        Payload = payload;
    }

    public byte Flags { get; }

    /// <summary>Gets the payload; valid until the next frame is read.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public bool IsEndStream => (Flags & EndStreamFlag) != 0;

    public bool IsCompressed => (Flags & CompressedFlag) != 0;
}
