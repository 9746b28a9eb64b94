using System.Buffers;
using System.Text;
using AgentAirlock.Audit;

namespace AgentAirlock.Sanitization;

/// <summary>
/// Masks the text Airlock writes itself (log event properties, names in audit records) with every detector of the
/// sanitizer, each finding as its type label (<c>[EMAIL]</c>): such text is read by people who need to know what was
/// there, not what it was. The sanitizer's own settings (disabled types, allowed domains) govern tool results, not this.
/// </summary>
/// <remarks>
/// It depends on nothing from the container on purpose: the logging pipeline resolves it while the logger factory
/// itself is being built, and anything that logs would be a cycle.
/// </remarks>
internal sealed class SensitiveTextMasker : ISensitiveTextMasker
{
    [ThreadStatic]
    private static FindingList? t_findings;

    private readonly TextSanitizer _sanitizer = TextSanitizer.Create(new SanitizerOptions());

    public bool TryMask(string text, out string masked)
    {
        ArgumentNullException.ThrowIfNull(text);
        masked = text;
        if (text.Length == 0)
        {
            return false;
        }

        TextSanitizer sanitizer = _sanitizer;
        FindingList findings = t_findings ??= sanitizer.Scanner.CreateList();
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            int length = Encoding.UTF8.GetBytes(text, utf8);
            sanitizer.Scanner.Scan(utf8.AsSpan(0, length), findings);
            if (findings.Count == 0)
            {
                return false;
            }

            var output = new ArrayBufferWriter<byte>(length + 16);
            sanitizer.WriteMasked(utf8.AsSpan(0, length), findings, sanitizer.Strategies, MaskingStrategy.TypeOnly, output);
            masked = Encoding.UTF8.GetString(output.WrittenSpan);
            return true;
        }
        finally
        {
            findings.Clear();
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }
}
