namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// PEM private keys, reported whole from the BEGIN line through the END line. Without an END line everything to the end
/// of the text is reported: a cut-off key is still a key. Newlines play no part, so a block whose line breaks are literal
/// "\n" escapes is found the same way.
/// </summary>
internal sealed class PrivateKeyDetector : IDetector
{
    private const int MaxLabel = 64;

    private static ReadOnlySpan<byte> Begin => "-----BEGIN "u8;

    private static ReadOnlySpan<byte> End => "-----END "u8;

    private static ReadOnlySpan<byte> Dashes => "-----"u8;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.PrivateKey];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf(Begin);
            if (found < 0)
            {
                return;
            }

            int start = position + found;
            position = start + Begin.Length;
            int bodyStart = BodyStart(text, start);
            if (bodyStart < 0)
            {
                continue;
            }

            int endLine = text[bodyStart..].IndexOf(End);
            if (endLine < 0)
            {
                // Everything left is the key; no later BEGIN needs looking at, so no byte is scanned twice.
                findings.Add(start, text.Length - start, SensitiveDataType.PrivateKey);
                return;
            }

            int endLabelStart = bodyStart + endLine + End.Length;
            ReadOnlySpan<byte> window = Window(text, endLabelStart);
            int closing = window.IndexOf(Dashes);
            int end;
            if (closing >= 0)
            {
                end = endLabelStart + closing + Dashes.Length;
            }
            else
            {
                // A truncated footer: mask through the end of its line.
                int lineEnd = window.IndexOfAny((byte)'\n', (byte)'\r');
                end = endLabelStart + (lineEnd < 0 ? window.Length : lineEnd);
            }

            findings.Add(start, end - start, SensitiveDataType.PrivateKey);
            position = end;
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> ends inside a private key: its last BEGIN line is a private key's, with no END line
    /// after it. A key stored as an array of lines goes on in the strings that follow.
    /// </summary>
    public static bool EndsInsideKey(ReadOnlySpan<byte> text)
    {
        int start = text.LastIndexOf(Begin);
        int bodyStart = start < 0 ? -1 : BodyStart(text, start);
        return bodyStart >= 0 && text[bodyStart..].IndexOf(End) < 0;
    }

    /// <summary>Whether <paramref name="text"/> holds an END line, which closes a key begun in the strings before it.</summary>
    public static bool HoldsEndLine(ReadOnlySpan<byte> text) => text.IndexOf(End) >= 0;

    /// <summary>Where the body of the key whose BEGIN line starts at <paramref name="start"/> starts; -1 for another block.</summary>
    private static int BodyStart(ReadOnlySpan<byte> text, int start)
    {
        int labelStart = start + Begin.Length;
        int labelLength = Window(text, labelStart).IndexOf(Dashes);
        return labelLength >= 0 && IsPrivateKeyLabel(text.Slice(labelStart, labelLength)) ? labelStart + labelLength + Dashes.Length : -1;
    }

    private static ReadOnlySpan<byte> Window(ReadOnlySpan<byte> text, int start) => text.Slice(start, Math.Min(MaxLabel, text.Length - start));

    private static bool IsPrivateKeyLabel(ReadOnlySpan<byte> label) =>
        label.EndsWith("PRIVATE KEY"u8) || label.EndsWith("PRIVATE KEY BLOCK"u8);
}
