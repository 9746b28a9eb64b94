using System.Buffers.Binary;

namespace ConformanceServer;

/// <summary>Tiny media payloads for the image, audio and binary-resource scenarios.</summary>
internal static class TestMedia
{
    public const string PngMimeType = "image/png";
    public const string WavMimeType = "audio/wav";

    // A valid 1x1 red RGB PNG (IHDR, one zlib-compressed IDAT row, IEND), small enough to keep inline.
    private const string RedPixelPngBase64 =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

    public static ReadOnlyMemory<byte> RedPixelPng { get; } = Convert.FromBase64String(RedPixelPngBase64);

    public static ReadOnlyMemory<byte> SilentWav { get; } = BuildSilentWav(sampleRate: 8000, milliseconds: 50);

    // Builds a canonical PCM WAV (RIFF header + fmt + data) so clients that decode the audio get a real file.
    private static byte[] BuildSilentWav(int sampleRate, int milliseconds)
    {
        const short Channels = 1;
        const short BitsPerSample = 16;
        int dataLength = sampleRate * milliseconds / 1000 * Channels * (BitsPerSample / 8);
        byte[] wav = new byte[44 + dataLength];
        Span<byte> span = wav;
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataLength);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], Channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * Channels * BitsPerSample / 8);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(Channels * BitsPerSample / 8));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], BitsPerSample);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataLength);
        return wav;
    }
}
