namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// PEM private keys, reported whole from the BEGIN line through the END line. Without an END line everything to the end
/// of the text is reported: a cut-off key is still a key. Newlines play no part, so a block whose line breaks are literal
/// "\n" escapes is found the same way.
/// </summary>
internal sealed class PrivateKeyDetector : IDetector
{
    private const int MaxLabel = 64;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.PrivateKey];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf("-----BEGIN "u8);
            if (found < 0)
            {
                return;
            }

            int start = position + found;
            int labelStart = start + 11;
            position = labelStart;
            int labelLength = Window(text, labelStart).IndexOf("-----"u8);
            if (labelLength < 0 || !IsPrivateKeyLabel(text.Slice(labelStart, labelLength)))
            {
                continue;
            }

            int bodyStart = labelStart + labelLength + 5;
            int endLine = text[bodyStart..].IndexOf("-----END "u8);
            if (endLine < 0)
            {
                // Everything left is the key; no later BEGIN needs looking at, so no byte is scanned twice.
                findings.Add(start, text.Length - start, SensitiveDataType.PrivateKey);
                return;
            }

            int endLabelStart = bodyStart + endLine + 9;
            ReadOnlySpan<byte> window = Window(text, endLabelStart);
            int closing = window.IndexOf("-----"u8);
            int end;
            if (closing >= 0)
            {
                end = endLabelStart + closing + 5;
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
        int start = text.LastIndexOf("-----BEGIN "u8);
        if (start < 0)
        {
            return false;
        }

        int labelStart = start + 11;
        int labelLength = Window(text, labelStart).IndexOf("-----"u8);
        return labelLength >= 0 && IsPrivateKeyLabel(text.Slice(labelStart, labelLength))
            && text[(labelStart + labelLength)..].IndexOf("-----END "u8) < 0;
    }

    /// <summary>Whether <paramref name="text"/> holds an END line, which closes a key begun in the strings before it.</summary>
    public static bool HoldsEndLine(ReadOnlySpan<byte> text) => text.IndexOf("-----END "u8) >= 0;

    private static ReadOnlySpan<byte> Window(ReadOnlySpan<byte> text, int start) => text.Slice(start, Math.Min(MaxLabel, text.Length - start));

    private static bool IsPrivateKeyLabel(ReadOnlySpan<byte> label) =>
        label.EndsWith("PRIVATE KEY"u8) || label.EndsWith("PRIVATE KEY BLOCK"u8);
}
