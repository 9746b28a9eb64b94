using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>Sanitizes a result made of one structured content, with the default strategies, and keeps the reports.</summary>
internal static class StructuredContentHarness
{
    public static ResultSanitizer Create(List<IReadOnlyList<Redaction>> reports, IEnumerable<SensitiveDataType>? disabled = null, FieldRules? fields = null)
    {
        var text = new TextSanitizer(new SensitiveDataScanner(disabled ?? [], []), new ValueMasker(new byte[32]), StrategyTable.Defaults);
        var scope = new SanitizerSettings.ToolScope(StrategyTable.Defaults, fields ?? FieldRules.None, 0);
        return new ResultSanitizer(text, scope, (r, _, _) => reports.Add(r));
    }

    /// <summary>The structured content as the sanitizer leaves it (the same text when nothing changed).</summary>
    public static string Run(ResultSanitizer sanitizer, string structured)
    {
        using var document = JsonDocument.Parse("""{"id":1,"result":{"structuredContent":""" + structured + "}}");
        using var output = new PooledBufferWriter();
        return sanitizer.Write(document.RootElement, output)
            ? JsonDocument.Parse(output.WrittenMemory).RootElement.GetProperty("result").GetProperty("structuredContent").GetRawText()
            : structured;
    }
}
