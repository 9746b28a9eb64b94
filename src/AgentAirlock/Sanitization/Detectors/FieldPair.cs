namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// A field of structured data written as the text a detector reads when the pair is serialized: the end of its name,
/// a separator, its value. Scanned alone, a value lacks the keyword its name gives it in text.
/// </summary>
internal static class FieldPair
{
    /// <summary>
    /// Writes the last <paramref name="nameWindow"/> bytes of <paramref name="fieldName"/>, <paramref name="separator"/>
    /// and <paramref name="value"/> into <paramref name="pair"/>; returns where the value starts there.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> fieldName, int nameWindow, ReadOnlySpan<byte> separator, ReadOnlySpan<byte> value, Span<byte> pair)
    {
        ReadOnlySpan<byte> name = fieldName[Math.Max(0, fieldName.Length - nameWindow)..];
        name.CopyTo(pair);
        separator.CopyTo(pair[name.Length..]);
        int valueStart = name.Length + separator.Length;
        value.CopyTo(pair[valueStart..]);
        return valueStart;
    }
}
