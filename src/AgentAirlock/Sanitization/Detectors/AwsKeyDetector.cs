using System.Buffers;
using System.Buffers.Binary;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// AWS access key ids (a four-letter prefix and 16 base32 characters) and secret access keys. A secret key is 40 bytes
/// of base64, which plain text holds all the time, so it is reported only when the name it is assigned to says what it is.
/// </summary>
internal sealed class AwsKeyDetector : IDetector
{
    private const int IdLength = 20;

    /// <summary>The length of a secret access key.</summary>
    internal const int SecretLength = 40;

    /// <summary>How much of the end of a key's name is read for "secret access key".</summary>
    internal const int KeyNameWindow = 96;

    // Uppercase letters and digits: the ids are base32, but digits 0, 1, 8, 9 are accepted so that a slightly malformed
    // id is still masked.
    private static readonly SearchValues<byte> IdBody = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"u8);

    // A 40-character run followed by padding or by more of a token ('-', '_') is some other value, not a secret key.
    private static readonly SearchValues<byte> SecretBoundary = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"u8);

    private static readonly SearchValues<byte> UpperHex = SearchValues.Create("0123456789ABCDEF"u8);

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.AwsAccessKeyId, SensitiveDataType.AwsSecretAccessKey];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        FindAccessKeyIds(text, findings);
        FindSecretAccessKeys(text, findings);
    }

    /// <summary>
    /// Whether the value at <paramref name="valueStart"/>..<paramref name="valueEnd"/>, assigned to the key at
    /// <paramref name="keyStart"/>..<paramref name="keyEnd"/>, is a secret access key this detector reports (so that the
    /// generic assignment detector leaves it alone).
    /// </summary>
    public static bool IsSecretAccessKey(ReadOnlySpan<byte> text, int keyStart, int keyEnd, int valueStart, int valueEnd)
    {
        if (valueEnd - valueStart != SecretLength
            || !SecretChars.StartsToken(text, valueStart, SecretChars.Base64)
            || !SecretChars.EndsToken(text, valueEnd, SecretBoundary)
            || text.Slice(valueStart, SecretLength).ContainsAnyExcept(SecretChars.Base64)
            || IsHexDigest(text.Slice(valueStart, SecretLength)))
        {
            return false;
        }

        // The key without case or separators: aws_secret_access_key, AWS_SECRET_ACCESS_KEY and SecretAccessKey all read
        // "awssecretaccesskey".
        Span<byte> name = stackalloc byte[64];
        int length = 0;
        for (int i = Math.Max(keyStart, keyEnd - KeyNameWindow); i < keyEnd && length < name.Length; i++)
        {
            byte b = text[i];
            if (SecretChars.IsAlnum(b))
            {
                name[length++] = SecretChars.IsLetter(b) ? (byte)(b | 0x20) : b;
            }
        }

        ReadOnlySpan<byte> key = name[..length];
        if (key.IndexOf("secretaccesskey"u8) >= 0)
        {
            return true;
        }

        // A bare secret_key is AWS's when "aws" is in its name or shortly before it (a [aws] section, an aws: block).
        if (key.EndsWith("secretkey"u8) || key.SequenceEqual("secret"u8))
        {
            return key.IndexOf("aws"u8) >= 0 || SecretChars.ContainsAws(text[Math.Max(0, keyStart - 256)..keyStart]);
        }

        return false;
    }

    /// <summary>
    /// Forty hexadecimal digits in one case are a SHA-1 digest (<c>secretAccessKeyHash</c>), not a secret key, whose
    /// 40 characters of base64 are almost never all hexadecimal.
    /// </summary>
    private static bool IsHexDigest(ReadOnlySpan<byte> value) => !value.ContainsAnyExcept(SecretChars.LowerHex) || !value.ContainsAnyExcept(UpperHex);

    private static void FindAccessKeyIds(ReadOnlySpan<byte> text, FindingList findings)
    {
        int position = 0;
        while (position <= text.Length - IdLength)
        {
            int found = text[position..].IndexOf((byte)'A');
            if (found < 0)
            {
                return;
            }

            int start = position + found;
            position = start + 1;
            if (start > text.Length - IdLength || !IsIdPrefix(BinaryPrimitives.ReadUInt32BigEndian(text[start..])))
            {
                continue;
            }

            if (SecretChars.StartsToken(text, start, SecretChars.Alnum)
                && !text.Slice(start + 4, IdLength - 4).ContainsAnyExcept(IdBody)
                && SecretChars.EndsToken(text, start + IdLength, SecretChars.Alnum))
            {
                findings.Add(start, IdLength, SensitiveDataType.AwsAccessKeyId);
                position = start + IdLength;
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> starts with the four letters of an access key id (AKIA, ASIA, …).</summary>
    public static bool StartsLikeId(ReadOnlySpan<byte> value) =>
        value.Length >= 4 && IsIdPrefix(BinaryPrimitives.ReadUInt32BigEndian(value));

    private static bool IsIdPrefix(uint prefix) => prefix switch
    {
        0x414B4941 // AKIA
        or 0x41534941 // ASIA
        or 0x41424941 // ABIA
        or 0x41434341 // ACCA
        or 0x41475041 // AGPA
        or 0x41494441 // AIDA
        or 0x41524F41 // AROA
        or 0x414E5041 // ANPA
        or 0x414E5641 // ANVA
        or 0x41495041 => true, // AIPA
        _ => false,
    };

    private static void FindSecretAccessKeys(ReadOnlySpan<byte> text, FindingList findings)
    {
        int position = 0;
        while (position < text.Length)
        {
            int found = SecretChars.IndexOfAssignment(text, position);
            if (found < 0)
            {
                return;
            }

            int assign = position + found;
            position = assign + 1;
            int valueStart = SecretChars.ValueStart(text, assign, out _);
            if (valueStart >= text.Length || !SecretChars.Base64.Contains(text[valueStart]))
            {
                continue;
            }

            int valueEnd = SecretChars.RunEnd(text, valueStart, SecretChars.Base64);
            if (valueEnd - valueStart == SecretLength
                && SecretChars.TryKeyBefore(text, assign, out int keyStart, out int keyEnd)
                && IsSecretAccessKey(text, keyStart, keyEnd, valueStart, valueEnd))
            {
                findings.Add(valueStart, SecretLength, SensitiveDataType.AwsSecretAccessKey);
            }

            // The run was read once; an assignment inside it (a '=' of padding) starts no new value.
            position = Math.Max(position, valueEnd);
        }
    }
}
