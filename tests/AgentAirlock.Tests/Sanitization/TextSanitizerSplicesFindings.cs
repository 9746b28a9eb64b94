using System.Buffers;
using System.Text;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>The splicing of <see cref="TextSanitizer.WriteMasked"/>, with findings made by hand (no detector involved).</summary>
public sealed class TextSanitizerSplicesFindings
{
    private static readonly TextSanitizer Sanitizer = new(
        new SensitiveDataScanner([], [], []),
        new ValueMasker(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        StrategyTable.Defaults);

    /// <summary>Marks each given value, found by its first occurrence, with its type.</summary>
    private static FindingList Findings(string text, params (string Value, SensitiveDataType Type)[] values)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        FindingList findings = FindingList.AcceptingAll();
        foreach ((string value, SensitiveDataType type) in values)
        {
            int start = utf8.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value));
            Assert.True(start >= 0, value);
            findings.Add(start, Encoding.UTF8.GetByteCount(value), type);
        }

        findings.Normalize();
        return findings;
    }

    private static string Masked(string text, FindingList findings, StrategyTable? strategies = null, MaskingStrategy? strategyOverride = null)
    {
        var output = new ArrayBufferWriter<byte>();
        Sanitizer.WriteMasked(Encoding.UTF8.GetBytes(text), findings, strategies ?? Sanitizer.Strategies, strategyOverride, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Text_without_findings_is_written_unchanged()
    {
        const string text = "nothing to see here ✓";

        Assert.Equal(text, Masked(text, FindingList.AcceptingAll()));
    }

    [Fact]
    public void Several_findings_are_each_replaced_and_the_text_between_them_kept()
    {
        const string text = "Mail john.doe@example.com or call (555) 123-4567; SSN 123-45-6789.";
        FindingList findings = Findings(
            text,
            ("john.doe@example.com", SensitiveDataType.Email),
            ("(555) 123-4567", SensitiveDataType.Phone),
            ("123-45-6789", SensitiveDataType.Ssn));

        Assert.Equal("Mail j***@example.com or call (***) ***-4567; SSN [REDACTED].", Masked(text, findings));
    }

    [Fact]
    public void Findings_at_both_ends_and_touching_each_other_are_masked_separately()
    {
        const string text = "AKIAIOSFODNN7EXAMPLEjohn.doe@example.com sk-proj-abcdefghijklmnop123456";
        FindingList findings = Findings(
            text,
            ("AKIAIOSFODNN7EXAMPLE", SensitiveDataType.AwsAccessKeyId),
            ("john.doe@example.com", SensitiveDataType.Email),
            ("sk-proj-abcdefghijklmnop123456", SensitiveDataType.OpenAIKey));

        Assert.Equal(3, findings.Count);
        Assert.Equal("AKIAIOS...MPLEj***@example.com sk-proj...3456", Masked(text, findings));
    }

    [Fact]
    public void Overlapping_findings_are_merged_into_one_mask_of_the_longer_type()
    {
        const string text = "token=sk-proj-abcdefghijklmnop123456 end";
        FindingList findings = Findings(
            text,
            ("sk-proj-abcdefghijklmnop123456", SensitiveDataType.Password),
            ("123456", SensitiveDataType.Phone));

        Assert.Equal("token=[REDACTED] end", Masked(text, findings));
    }

    [Fact]
    public void Multi_byte_text_around_findings_is_kept_intact()
    {
        const string text = "naïve → john.doe@example.com ✓ 😀";
        FindingList findings = Findings(text, ("john.doe@example.com", SensitiveDataType.Email));

        Assert.Equal("naïve → j***@example.com ✓ 😀", Masked(text, findings));
    }

    [Fact]
    public void A_per_field_override_applies_to_every_finding()
    {
        const string text = "john.doe@example.com (555) 123-4567";
        FindingList findings = Findings(
            text,
            ("john.doe@example.com", SensitiveDataType.Email),
            ("(555) 123-4567", SensitiveDataType.Phone));

        Assert.Equal("[EMAIL] [PHONE]", Masked(text, findings, strategyOverride: MaskingStrategy.TypeOnly));
        Assert.Equal("[REDACTED] [REDACTED]", Masked(text, findings, strategyOverride: MaskingStrategy.Full));
    }

    [Fact]
    public void Per_tool_strategies_apply_by_type_over_the_defaults()
    {
        const string text = "john.doe@example.com (555) 123-4567";
        FindingList findings = Findings(
            text,
            ("john.doe@example.com", SensitiveDataType.Email),
            ("(555) 123-4567", SensitiveDataType.Phone));
        StrategyTable perTool = StrategyTable.Create(
            new Dictionary<SensitiveDataType, MaskingStrategy> { [SensitiveDataType.Email] = MaskingStrategy.Hash },
            StrategyTable.Defaults);

        string masked = Masked(text, findings, perTool);

        Assert.Matches("^\\[EMAIL:[0-9a-f]{8}\\] \\(\\*\\*\\*\\) \\*\\*\\*-4567$", masked);
    }
}
