using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace AgentAirlock.Sanitization;

/// <summary>
/// Turns one detected value into its mask, by strategy and type. Characters here are Unicode scalar values: a kept
/// prefix or suffix never ends inside a multi-byte sequence, and a masked character becomes one <c>*</c> whatever its
/// encoded length.
/// </summary>
internal sealed class ValueMasker
{
    /// <summary>A value this short keeps nothing under <see cref="MaskingStrategy.Partial"/>: a few shown characters would be most of it.</summary>
    private const int ShortValueChars = 8;

    /// <summary>Below this, an API key shows only its prefix: a suffix too would leave too little hidden.</summary>
    private const int ApiKeySuffixMinChars = 20;

    private const int HashDigits = 8;

    private readonly byte[] _hashKey;

    public ValueMasker(ReadOnlySpan<byte> hashKey)
    {
        _hashKey = hashKey.ToArray();
    }

    private static ReadOnlySpan<byte> Redacted => "[REDACTED]"u8;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>The strategy of a type when the operator configured none.</summary>
    public static MaskingStrategy DefaultStrategy(SensitiveDataType type) => type switch
    {
        SensitiveDataType.Email or SensitiveDataType.Phone or SensitiveDataType.PaymentCard or SensitiveDataType.IpAddress
            or SensitiveDataType.AwsAccessKeyId or SensitiveDataType.GitHubToken or SensitiveDataType.SlackToken
            or SensitiveDataType.StripeKey or SensitiveDataType.GoogleApiKey or SensitiveDataType.OpenAIKey
            or SensitiveDataType.AnthropicKey or SensitiveDataType.Jwt => MaskingStrategy.Partial,
        _ => MaskingStrategy.Full,
    };

    /// <summary>Writes the mask of <paramref name="value"/> (UTF-8) to <paramref name="output"/>.</summary>
    public void Write(ReadOnlySpan<byte> value, SensitiveDataType type, MaskingStrategy strategy, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        switch (strategy)
        {
            case MaskingStrategy.TypeOnly:
                output.Write("["u8);
                output.Write(SensitiveDataLabels.Utf8Of(type));
                output.Write("]"u8);
                break;
            case MaskingStrategy.Hash:
                WriteHash(value, type, output);
                break;
            case MaskingStrategy.Partial:
                WritePartial(value, type, output);
                break;
            default:
                // Full, and any value outside the enum: an unknown strategy must fail closed.
                output.Write(Redacted);
                break;
        }
    }

    private void WriteHash(ReadOnlySpan<byte> value, SensitiveDataType type, IBufferWriter<byte> output)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_hashKey, value, mac);
        ReadOnlySpan<byte> label = SensitiveDataLabels.Utf8Of(type);
        int length = label.Length + HashDigits + 3;
        Span<byte> destination = output.GetSpan(length);
        destination[0] = (byte)'[';
        label.CopyTo(destination[1..]);
        int position = label.Length + 1;
        destination[position++] = (byte)':';
        for (int i = 0; i < HashDigits / 2; i++)
        {
            destination[position++] = HexDigits[mac[i] >> 4];
            destination[position++] = HexDigits[mac[i] & 0xF];
        }

        destination[position] = (byte)']';
        output.Advance(length);
    }

    private static void WritePartial(ReadOnlySpan<byte> value, SensitiveDataType type, IBufferWriter<byte> output)
    {
        // Credentials with no public part: any kept character (or even the number of stars) would be a hint.
        if (type is SensitiveDataType.Password or SensitiveDataType.BearerToken or SensitiveDataType.PrivateKey
            or SensitiveDataType.ConnectionString or SensitiveDataType.AwsSecretAccessKey)
        {
            output.Write(Redacted);
            return;
        }

        int chars = CountChars(value, ShortValueChars + 1);
        if (chars <= ShortValueChars)
        {
            WriteStars(chars, output);
            return;
        }

        bool written = type switch
        {
            SensitiveDataType.Email => TryWriteEmail(value, output),
            SensitiveDataType.PaymentCard => TryWriteLastDigits(value, "**** **** **** "u8, output),
            SensitiveDataType.Ssn => TryWriteLastDigits(value, "***-**-"u8, output),
            SensitiveDataType.Phone => WriteMaskedRun(value, lettersToo: false, keepFirst: 0, keepLast: 4, output),
            SensitiveDataType.Iban => WriteMaskedRun(value, lettersToo: true, keepFirst: 4, keepLast: 4, output),
            SensitiveDataType.IpAddress => TryWriteIpAddress(value, output),
            SensitiveDataType.Jwt => WriteAbbreviated(value, 10, "...[JWT]"u8, 0, output),
            SensitiveDataType.SlackWebhook => WriteLiteral("https://hooks.slack.com/..."u8, output),
            SensitiveDataType.AwsAccessKeyId or SensitiveDataType.GitHubToken or SensitiveDataType.SlackToken
                or SensitiveDataType.StripeKey or SensitiveDataType.GoogleApiKey or SensitiveDataType.OpenAIKey
                or SensitiveDataType.AnthropicKey => CountChars(value, ApiKeySuffixMinChars) < ApiKeySuffixMinChars
                    ? WriteAbbreviated(value, 4, "..."u8, 0, output)
                    : WriteAbbreviated(value, 7, "..."u8, 4, output),
            _ => false,
        };

        // A value that does not have the shape its type promises keeps nothing rather than something unplanned.
        if (!written)
        {
            output.Write(Redacted);
        }
    }

    /// <summary><c>j***@example.com</c>: the domain stays, as it names an organisation rather than a person.</summary>
    private static bool TryWriteEmail(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        int at = value.LastIndexOf((byte)'@');
        if (at <= 0)
        {
            return false;
        }

        output.Write(value[..PrefixLength(value[..at], 1)]);
        output.Write("***@"u8);
        output.Write(value[(at + 1)..]);
        return true;
    }

    private static bool TryWriteLastDigits(ReadOnlySpan<byte> value, ReadOnlySpan<byte> prefix, IBufferWriter<byte> output)
    {
        Span<byte> digits = stackalloc byte[4];
        int found = 0;
        for (int i = value.Length - 1; i >= 0 && found < digits.Length; i--)
        {
            if (char.IsAsciiDigit((char)value[i]))
            {
                digits[digits.Length - ++found] = value[i];
            }
        }

        if (found < digits.Length)
        {
            return false;
        }

        output.Write(prefix);
        output.Write(digits);
        return true;
    }

    /// <summary>
    /// Replaces every digit (and, for <paramref name="lettersToo"/>, every letter) by <c>*</c>, except the first
    /// <paramref name="keepFirst"/> and the last <paramref name="keepLast"/> of them; separators stay, so the mask
    /// keeps the value's layout. Non-ASCII digits and letters count too, so that no look-alike form escapes the mask.
    /// </summary>
    private static bool WriteMaskedRun(ReadOnlySpan<byte> value, bool lettersToo, int keepFirst, int keepLast, IBufferWriter<byte> output)
    {
        int total = 0;
        for (int i = 0; i < value.Length;)
        {
            if (IsMaskable(value[i..], lettersToo, out int consumed))
            {
                total++;
            }

            i += consumed;
        }

        // A star is one byte and replaces at least one, so the mask is never longer than the value.
        Span<byte> destination = output.GetSpan(value.Length);
        int written = 0;
        int seen = 0;
        for (int i = 0; i < value.Length;)
        {
            bool maskable = IsMaskable(value[i..], lettersToo, out int consumed);
            if (maskable && seen >= keepFirst && seen < total - keepLast)
            {
                destination[written++] = (byte)'*';
            }
            else
            {
                value.Slice(i, consumed).CopyTo(destination[written..]);
                written += consumed;
            }

            seen += maskable ? 1 : 0;
            i += consumed;
        }

        output.Advance(written);
        return true;
    }

    private static bool IsMaskable(ReadOnlySpan<byte> text, bool lettersToo, out int consumed)
    {
        byte first = text[0];
        if (first < 0x80)
        {
            consumed = 1;
            return lettersToo ? char.IsAsciiLetterOrDigit((char)first) : char.IsAsciiDigit((char)first);
        }

        bool valid = Rune.DecodeFromUtf8(text, out Rune rune, out consumed) == OperationStatus.Done;
        return valid && (lettersToo ? Rune.IsLetterOrDigit(rune) : Rune.IsDigit(rune));
    }

    /// <summary><c>192.*.*.*</c> or <c>2001:****</c>: the network's first part only.</summary>
    private static bool TryWriteIpAddress(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        int colon = value.IndexOf((byte)':');
        if (colon >= 0)
        {
            // "::ffff:…" has an empty first group; "::" keeps the form readable as IPv6.
            output.Write(colon == 0 ? "::****"u8 : value[..(colon + 1)]);
            if (colon > 0)
            {
                output.Write("****"u8);
            }

            return true;
        }

        int dot = value.IndexOf((byte)'.');
        if (dot <= 0)
        {
            return false;
        }

        output.Write(value[..dot]);
        output.Write(".*.*.*"u8);
        return true;
    }

    private static bool WriteAbbreviated(ReadOnlySpan<byte> value, int firstChars, ReadOnlySpan<byte> marker, int lastChars, IBufferWriter<byte> output)
    {
        output.Write(value[..PrefixLength(value, firstChars)]);
        output.Write(marker);
        if (lastChars > 0)
        {
            output.Write(value[SuffixStart(value, lastChars)..]);
        }

        return true;
    }

    private static bool WriteLiteral(ReadOnlySpan<byte> literal, IBufferWriter<byte> output)
    {
        output.Write(literal);
        return true;
    }

    private static void WriteStars(int count, IBufferWriter<byte> output)
    {
        if (count > 0)
        {
            Span<byte> destination = output.GetSpan(count);
            destination[..count].Fill((byte)'*');
            output.Advance(count);
        }
    }

    /// <summary>Counts the characters of <paramref name="value"/>, stopping at <paramref name="limit"/>.</summary>
    private static int CountChars(ReadOnlySpan<byte> value, int limit)
    {
        int count = 0;
        for (int i = 0; i < value.Length && count < limit; count++)
        {
            i += SequenceLength(value[i..]);
        }

        return count;
    }

    /// <summary>The byte length of the first <paramref name="chars"/> characters (all of them when fewer).</summary>
    private static int PrefixLength(ReadOnlySpan<byte> value, int chars)
    {
        int i = 0;
        for (int n = 0; n < chars && i < value.Length; n++)
        {
            i += SequenceLength(value[i..]);
        }

        return i;
    }

    /// <summary>Where the last <paramref name="chars"/> characters start.</summary>
    private static int SuffixStart(ReadOnlySpan<byte> value, int chars)
    {
        int end = value.Length;
        for (int n = 0; n < chars && end > 0; n++)
        {
            _ = Rune.DecodeLastFromUtf8(value[..end], out _, out int consumed);
            end -= consumed;
        }

        return end;
    }

    private static int SequenceLength(ReadOnlySpan<byte> text)
    {
        if (text[0] < 0x80)
        {
            return 1;
        }

        _ = Rune.DecodeFromUtf8(text, out _, out int consumed);
        return consumed;
    }
}
