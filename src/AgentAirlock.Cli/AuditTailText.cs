using System.Globalization;
using System.Text;

namespace AgentAirlock.Cli;

/// <summary>
/// Writes audit records one readable line each, the decision, agent and tool in aligned columns:
/// <c>2026-11-23 20:15:01Z  blocked  reader  delete_record  policy_violation (policy)  args id:number  0.4 ms</c>.
/// </summary>
/// <remarks>
/// The columns are as wide as the widest value measured so far: measure every record first for aligned output, or write
/// as the records come (to stream them all) and let a column widen when a longer value appears.
/// </remarks>
internal sealed class AuditTailText
{
    private const string Gap = "  ";

    private readonly TextWriter _output;
    private readonly StringBuilder _line = new();
    private int _decisionWidth;
    private int _agentWidth;
    private int _toolWidth;

    public AuditTailText(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Widens the columns to fit a record.</summary>
    public void Measure(AuditTailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _decisionWidth = Math.Max(_decisionWidth, Decision(record).Length);
        _agentWidth = Math.Max(_agentWidth, Agent(record).Length);
        _toolWidth = Math.Max(_toolWidth, Tool(record).Length);
    }

    public void Write(AuditTailRecord record)
    {
        Measure(record);
        _line.Clear()
            .Append(Time(record)).Append(Gap)
            .Append(Decision(record).PadRight(_decisionWidth)).Append(Gap)
            .Append(Agent(record).PadRight(_agentWidth)).Append(Gap)
            .Append(Tool(record).PadRight(_toolWidth));
        foreach (string detail in Details(record))
        {
            _line.Append(Gap).Append(detail);
        }

        _output.WriteLine(_line.ToString().TrimEnd());
    }

    /// <summary>The time to the second, in UTC; a value that is not a time is shown as it is.</summary>
    private static string Time(AuditTailRecord record) =>
        DateTimeOffset.TryParse(record.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : record.Time ?? "-";

    private static string Decision(AuditTailRecord record) => record.Decision ?? "-";

    private static string Agent(AuditTailRecord record) => record.AgentId ?? "(anonymous)";

    /// <summary>The tool, or the method for a request that names none (<c>tools/list</c>).</summary>
    private static string Tool(AuditTailRecord record) => record.Tool ?? record.Method ?? "-";

    private static IEnumerable<string> Details(AuditTailRecord record)
    {
        if (record.BlockReason is not null)
        {
            yield return record.Layer is null ? record.BlockReason : $"{record.BlockReason} ({record.Layer})";
        }
        else if (record.Layer is not null)
        {
            yield return $"({record.Layer})";
        }

        if (record.HttpStatus is { } status and not 200)
        {
            yield return "HTTP " + status.ToString(CultureInfo.InvariantCulture);
        }

        if (record.Redactions.Count > 0)
        {
            yield return "masked " + string.Join(' ', record.Redactions.Select(r => $"{r.Key}×{r.Value.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (record.Truncated)
        {
            yield return "truncated";
        }

        if (record.StrippedArguments.Count > 0)
        {
            yield return "stripped " + string.Join(',', record.StrippedArguments);
        }

        if (record.SandboxBackend is not null || record.SandboxOutcome is not null)
        {
            yield return $"sandbox {record.SandboxBackend ?? "-"} {record.SandboxOutcome ?? "-"}";
        }

        if (record.Degraded)
        {
            yield return "degraded";
        }

        if (record.Arguments.Count > 0)
        {
            yield return "args " + string.Join(' ', record.Arguments);
        }

        if (record.DurationMs is { } duration)
        {
            yield return duration.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
        }
    }
}
