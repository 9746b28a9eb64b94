using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// JSON Web Tokens: <c>eyJ…</c>, two or three base64url segments joined by dots (the signature may be empty, the second
/// dot may not), whose header decodes to a JSON object with <c>alg</c> and whose payload decodes to JSON.
/// </summary>
internal sealed class JwtDetector : IDetector
{
    // Real headers are a few dozen bytes; a longer first segment is not a header, and is not worth decoding.
    private const int MaxHeaderChars = 4096;

    // {"alg":""} is the shortest header there can be: 10 bytes, 14 base64url characters.
    private const int MinHeaderChars = 14;
    private const int ScratchBytes = 3072;
    private const int MaxDepth = 64;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.Jwt];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf("eyJ"u8);
            if (found < 0)
            {
                return;
            }

            int start = position + found;
            int headerEnd = SecretChars.RunEnd(text, start, SecretChars.Base64Url);

            // Whatever happens next, no token starts inside this run: the next candidate is after it.
            position = headerEnd;
            if (headerEnd - start < MinHeaderChars
                || !SecretChars.StartsToken(text, start, SecretChars.Base64Url)
                || headerEnd >= text.Length - 1 || text[headerEnd] != '.' || !SecretChars.IsBase64Url(text[headerEnd + 1]))
            {
                continue;
            }

            int payloadEnd = SecretChars.RunEnd(text, headerEnd + 1, SecretChars.Base64Url);
            if (payloadEnd >= text.Length || text[payloadEnd] != '.')
            {
                continue;
            }

            int end = payloadEnd + 1 < text.Length ? SecretChars.RunEnd(text, payloadEnd + 1, SecretChars.Base64Url) : payloadEnd + 1;
            if (!IsToken(text[start..headerEnd], text[(headerEnd + 1)..payloadEnd]))
            {
                continue;
            }

            // More dotted segments make one longer token; it is masked whole rather than leaving a tail.
            while (end < text.Length - 1 && text[end] == '.' && SecretChars.IsBase64Url(text[end + 1]))
            {
                end = SecretChars.RunEnd(text, end + 1, SecretChars.Base64Url);
            }

            findings.Add(start, end - start, SensitiveDataType.Jwt);
            position = end;
        }
    }

    /// <summary>
    /// Decodes the header and the payload. The scratch space lives here, not in <see cref="Detect"/>: the sanitizer runs
    /// the detectors on every string of a result, and zeroing 3 KB of stack for each string cost more than the scan.
    /// </summary>
    private static bool IsToken(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        Span<byte> scratch = stackalloc byte[ScratchBytes];
        return IsHeader(header, scratch) && IsJsonSegment(payload, scratch);
    }

    private static bool IsHeader(ReadOnlySpan<byte> segment, Span<byte> scratch)
    {
        if (segment.Length > MaxHeaderChars)
        {
            return false;
        }

        return TryDecode(segment, scratch, out int written) && JsonShape.IsValid(scratch[..written], requireAlg: true);
    }

    private static bool IsJsonSegment(ReadOnlySpan<byte> segment, Span<byte> scratch)
    {
        int max = Base64Url.GetMaxDecodedLength(segment.Length);
        if (max <= scratch.Length)
        {
            return TryDecode(segment, scratch, out int written) && JsonShape.IsValid(scratch[..written], requireAlg: false);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            return TryDecode(segment, rented, out int written) && JsonShape.IsValid(rented.AsSpan(0, written), requireAlg: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryDecode(ReadOnlySpan<byte> segment, Span<byte> destination, out int written) =>
        Base64Url.DecodeFromUtf8(segment, destination, out int consumed, out written) == OperationStatus.Done && consumed == segment.Length;

    /// <summary>
    /// A strict JSON validator that never throws. Utf8JsonReader reports malformed input with exceptions, which cost
    /// microseconds each: text crafted to hold many near-JWTs would make the scan slow.
    /// </summary>
    private static class JsonShape
    {
        public static bool IsValid(ReadOnlySpan<byte> json, bool requireAlg)
        {
            if (!Utf8.IsValid(json))
            {
                return false;
            }

            int i = SkipWhitespace(json, 0);
            if (i >= json.Length || json[i] != '{')
            {
                return false;
            }

            bool hasAlg = false;
            if (!ReadObject(json, ref i, 0, true, ref hasAlg))
            {
                return false;
            }

            return SkipWhitespace(json, i) == json.Length && (hasAlg || !requireAlg);
        }

        private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
        {
            while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }

            return i;
        }

        private static bool ReadValue(ReadOnlySpan<byte> json, ref int i, int depth)
        {
            if (i >= json.Length)
            {
                return false;
            }

            bool unused = false;
            switch (json[i])
            {
                case (byte)'{':
                    return ReadObject(json, ref i, depth + 1, false, ref unused);
                case (byte)'[':
                    return ReadArray(json, ref i, depth + 1);
                case (byte)'"':
                    return ReadString(json, ref i);
                case (byte)'t':
                    return ReadLiteral(json, ref i, "true"u8);
                case (byte)'f':
                    return ReadLiteral(json, ref i, "false"u8);
                case (byte)'n':
                    return ReadLiteral(json, ref i, "null"u8);
                default:
                    return ReadNumber(json, ref i);
            }
        }

        private static bool ReadObject(ReadOnlySpan<byte> json, ref int i, int depth, bool topLevel, ref bool hasAlg)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
            if (i < json.Length && json[i] == '}')
            {
                i++;
                return true;
            }

            while (true)
            {
                if (i >= json.Length || json[i] != '"')
                {
                    return false;
                }

                int keyStart = i;
                if (!ReadString(json, ref i))
                {
                    return false;
                }

                i = SkipWhitespace(json, i);
                if (i >= json.Length || json[i] != ':')
                {
                    return false;
                }

                i = SkipWhitespace(json, i + 1);
                if (topLevel && json[keyStart..i].StartsWith("\"alg\""u8) && i < json.Length && json[i] == '"')
                {
                    hasAlg = true;
                }

                if (!ReadValue(json, ref i, depth))
                {
                    return false;
                }

                i = SkipWhitespace(json, i);
                if (i >= json.Length)
                {
                    return false;
                }

                if (json[i] == '}')
                {
                    i++;
                    return true;
                }

                if (json[i] != ',')
                {
                    return false;
                }

                i = SkipWhitespace(json, i + 1);
            }
        }

        private static bool ReadArray(ReadOnlySpan<byte> json, ref int i, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
            if (i < json.Length && json[i] == ']')
            {
                i++;
                return true;
            }

            while (true)
            {
                if (!ReadValue(json, ref i, depth))
                {
                    return false;
                }

                i = SkipWhitespace(json, i);
                if (i >= json.Length)
                {
                    return false;
                }

                if (json[i] == ']')
                {
                    i++;
                    return true;
                }

                if (json[i] != ',')
                {
                    return false;
                }

                i = SkipWhitespace(json, i + 1);
            }
        }

        private static bool ReadString(ReadOnlySpan<byte> json, ref int i)
        {
            i++;
            while (i < json.Length)
            {
                byte b = json[i];
                if (b == '"')
                {
                    i++;
                    return true;
                }

                if (b < 0x20)
                {
                    return false;
                }

                if (b == '\\')
                {
                    if (i + 1 >= json.Length)
                    {
                        return false;
                    }

                    byte escaped = json[i + 1];
                    if (escaped == 'u')
                    {
                        if (i + 6 > json.Length || !IsHex(json[i + 2]) || !IsHex(json[i + 3]) || !IsHex(json[i + 4]) || !IsHex(json[i + 5]))
                        {
                            return false;
                        }

                        i += 6;
                        continue;
                    }

                    if (escaped is not ((byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t'))
                    {
                        return false;
                    }

                    i += 2;
                    continue;
                }

                i++;
            }

            return false;
        }

        private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'f' - 'a';

        private static bool ReadLiteral(ReadOnlySpan<byte> json, ref int i, ReadOnlySpan<byte> literal)
        {
            if (!json[i..].StartsWith(literal))
            {
                return false;
            }

            i += literal.Length;
            return true;
        }

        private static bool ReadNumber(ReadOnlySpan<byte> json, ref int i)
        {
            if (json[i] == '-')
            {
                i++;
            }

            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == '0')
            {
                i++;
            }
            else if (!ReadDigits(json, ref i))
            {
                return false;
            }

            if (i < json.Length && json[i] == '.')
            {
                i++;
                if (!ReadDigits(json, ref i))
                {
                    return false;
                }
            }

            if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
            {
                i++;
                if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
                {
                    i++;
                }

                if (!ReadDigits(json, ref i))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool ReadDigits(ReadOnlySpan<byte> json, ref int i)
        {
            int start = i;
            while (i < json.Length && (uint)(json[i] - '0') <= 9)
            {
                i++;
            }

            return i > start;
        }
    }
}
