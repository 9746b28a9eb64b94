using System.Buffers;
using System.Text;

namespace AgentAirlock.Cli;

/// <summary>Writes UTF-8 bytes to a <see cref="TextWriter"/> in pieces, so that a large input never becomes one string.</summary>
internal static class Utf8Text
{
    private const int ChunkChars = 16 * 1024;

    public static void Write(TextWriter writer, ReadOnlySpan<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Decoder decoder = Encoding.UTF8.GetDecoder();
        char[] chars = ArrayPool<char>.Shared.Rent(ChunkChars);
        try
        {
            bool completed = false;
            while (!completed)
            {
                // The decoder keeps a sequence split between two pieces and finishes it in the next.
                decoder.Convert(utf8, chars, flush: true, out int bytesUsed, out int charsUsed, out completed);
                writer.Write(chars, 0, charsUsed);
                utf8 = utf8[bytesUsed..];
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
