using System.Text;

namespace AgentAirlock.Cli;

/// <summary>
/// Turns byte offsets of a UTF-8 text into 1-based lines and columns (columns in UTF-16 characters, as .NET counts
/// them). The offsets must come in ascending order, as scanner findings do: each call continues from the last one, so a
/// whole file costs one pass however many findings it has.
/// </summary>
internal sealed class LinePositions
{
    private int _offset;
    private int _line = 1;
    private int _column;

    public (int Line, int Column) Locate(ReadOnlySpan<byte> text, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, _offset);
        ReadOnlySpan<byte> skipped = text[_offset..offset];
        int lastNewline = skipped.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            _line += skipped.Count((byte)'\n');
            _column = 0;
            skipped = skipped[(lastNewline + 1)..];
        }

        _column += Encoding.UTF8.GetCharCount(skipped);
        _offset = offset;
        return (_line, _column + 1);
    }
}
