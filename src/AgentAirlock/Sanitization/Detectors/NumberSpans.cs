using System.Buffers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// The numbers of a text, found in one pass for every <see cref="INumberDetector"/>. A number starts at a digit and runs
/// over digits, spaces, '.', '-', '(', ')' and '+', the bytes a telephone number, a card number, an SSN or an IPv4
/// address is written with, so each of those values lies inside one number, and a number with fewer digits than a value
/// needs cannot hold one: the detectors dismiss most numbers of prose ("12.5%", "March 14") by their digit count alone.
/// Numbers with fewer than <see cref="MinKeptDigits"/> digits are left out unless they follow a capital letter (the
/// country code of an IBAN), so prose makes a short list. The list lives in a pooled array: dispose to return it.
/// </summary>
internal ref struct NumberSpans : IDisposable
{
    /// <summary>The fewest digits of a value found from a bare number: an IPv4 address has four.</summary>
    public const int MinKeptDigits = 4;

    // Where numbers are dense ("1.1.1.1…"), a vectorized search that finds its match a byte or two away costs more than
    // looking at those bytes; where they are sparse, the vectorized search does the skipping.
    private const int ScalarLookahead = 4;

    private const int InitialCapacity = 64;

    private const byte NumberByte = 1;
    private const byte DigitByte = 2 | NumberByte;

    private NumberSpan[]? _buffer;
    private int _count;

    /// <summary>Gets the numbers, in text order.</summary>
    public readonly ReadOnlySpan<NumberSpan> Items => _buffer is null ? [] : _buffer.AsSpan(0, _count);

    /// <summary>For each byte: 0 outside a number, <see cref="NumberByte"/> for a separator, <see cref="DigitByte"/> for a digit.</summary>
    private static ReadOnlySpan<byte> Classes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0, // ' ' ( ) + - . 0-9
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>Finds the numbers of <paramref name="text"/>, reading each byte once.</summary>
    public static NumberSpans Find(ReadOnlySpan<byte> text)
    {
        var spans = default(NumberSpans);
        ReadOnlySpan<byte> classes = Classes;
        int position = 0;
        while (true)
        {
            int start = IndexOfDigit(text, position, text.Length);
            if (start < 0)
            {
                return spans;
            }

            int end = start;
            int digits = 0;
            while (end < text.Length)
            {
                byte kind = classes[text[end]];
                if (kind == 0)
                {
                    break;
                }

                digits += kind >> 1;
                end++;
            }

            if (digits >= MinKeptDigits || (start > 0 && char.IsAsciiLetterUpper((char)text[start - 1])))
            {
                spans.Add(new NumberSpan(start, end, digits));
            }

            position = end;
        }
    }

    /// <summary>Returns the index of the first ASCII digit in <paramref name="from"/>..<paramref name="end"/>, or -1.</summary>
    public static int IndexOfDigit(ReadOnlySpan<byte> text, int from, int end)
    {
        int scalarEnd = Math.Min(end, from + ScalarLookahead);
        for (int i = from; i < scalarEnd; i++)
        {
            if (char.IsAsciiDigit((char)text[i]))
            {
                return i;
            }
        }

        if (scalarEnd >= end)
        {
            return -1;
        }

        int found = text[scalarEnd..end].IndexOfAnyInRange((byte)'0', (byte)'9');
        return found < 0 ? -1 : scalarEnd + found;
    }

    /// <summary>Returns the pooled array.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<NumberSpan>.Shared.Return(_buffer);
            _buffer = null;
            _count = 0;
        }
    }

    private void Add(NumberSpan span)
    {
        if (_buffer is null || _count == _buffer.Length)
        {
            NumberSpan[] larger = ArrayPool<NumberSpan>.Shared.Rent(_buffer is null ? InitialCapacity : 2 * _buffer.Length);
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _count).CopyTo(larger);
                ArrayPool<NumberSpan>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        _buffer[_count++] = span;
    }
}
