using System.Buffers;
using System.Security.Cryptography;

namespace AgentAirlock.Sanitization;

/// <summary>Scans a UTF-8 text and writes it with every finding replaced by its mask: the one masking routine of the
/// middleware, the argument check and the command line.</summary>
internal sealed class TextSanitizer
{
    public TextSanitizer(SensitiveDataScanner scanner, ValueMasker masker, StrategyTable strategies)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(masker);
        ArgumentNullException.ThrowIfNull(strategies);
        Scanner = scanner;
        Masker = masker;
        Strategies = strategies;
    }

    public SensitiveDataScanner Scanner { get; }

    public ValueMasker Masker { get; }

    /// <summary>Gets the global strategies (before per-tool overrides).</summary>
    public StrategyTable Strategies { get; }

    /// <summary>
    /// Creates the sanitizer the options describe. The options must have passed validation (the hash key decodes).
    /// Without a configured hash key, <paramref name="fallbackKey"/> is used, or a random key when it is null.
    /// </summary>
    public static TextSanitizer Create(SanitizerOptions options, byte[]? fallbackKey = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[] key = string.IsNullOrWhiteSpace(options.HashKey)
            ? fallbackKey ?? RandomNumberGenerator.GetBytes(32)
            : Convert.FromBase64String(options.HashKey);
        return new TextSanitizer(
            new SensitiveDataScanner(options.DisabledTypes, options.AllowedEmailDomains),
            new ValueMasker(key),
            StrategyTable.Create(options.Strategies, null));
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="output"/> with the <paramref name="findings"/> (sorted, merged,
    /// as <see cref="SensitiveDataScanner.Scan(ReadOnlySpan{byte}, FindingList)"/> leaves them) masked.
    /// <paramref name="strategyOverride"/>, when set, applies to every finding (a per-field strategy).
    /// </summary>
    public void WriteMasked(ReadOnlySpan<byte> text, FindingList findings, StrategyTable strategies, MaskingStrategy? strategyOverride, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(output);
        int position = 0;
        for (int i = 0; i < findings.Count; i++)
        {
            Finding finding = findings[i];
            output.Write(text[position..finding.Start]);
            Masker.Write(text.Slice(finding.Start, finding.Length), finding.Type, strategyOverride ?? strategies[finding.Type], output);
            position = finding.End;
        }

        output.Write(text[position..]);
    }
}
