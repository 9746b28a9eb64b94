using AgentAirlock.Audit;
using Serilog.Events;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// Each record is one JSON line: <c>Time</c> (UTC), <c>Sequence</c>, the event's properties in their order (scalars as
/// JSON scalars; sequences, structures and dictionaries as arrays and objects), <c>PreviousHash</c>, <c>Hash</c>.
/// </summary>
public sealed class AuditFileSinkWritesTheEventAsOneJsonLine : IDisposable
{
    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteOne(Serilog.Events.LogEvent logEvent)
    {
        using (var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 0))
        {
            sink.Emit(logEvent);
            sink.Flush();
        }

        return Assert.Single(Lines(_folder.PathOf("audit.jsonl")));
    }

    [Fact]
    public void Members_are_time_sequence_the_properties_in_order_then_the_chain()
    {
        string line = WriteOne(Event(("Zeta", "z"), ("AgentId", "reader"), ("Tool", "get_customer"), ("Decision", "allowed")));

        Assert.Equal(["Time", "Sequence", "Zeta", "AgentId", "Tool", "Decision", "PreviousHash", "Hash"], Names(line));
    }

    [Fact]
    public void Time_is_the_event_timestamp_in_utc()
    {
        var timestamp = new DateTimeOffset(2026, 11, 24, 1, 30, 15, 250, TimeSpan.FromHours(2));

        string line = WriteOne(Event(timestamp, ("N", new ScalarValue(1))));

        string raw = Raw(line, "Time");
        Assert.EndsWith("Z\"", raw, StringComparison.Ordinal);
        Assert.StartsWith("\"2026-11-23T23:30:15.25", raw, StringComparison.Ordinal);
        Assert.Equal(timestamp, DateTimeOffset.Parse(raw.Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Scalars_are_written_as_json_scalars()
    {
        string line = WriteOne(Event(
            ("Text", "say \"hi\""),
            ("Int", 42),
            ("Long", 9_000_000_000L),
            ("Double", 1.5),
            ("Decimal", 2.25m),
            ("True", true),
            ("Null", null),
            ("Guid", new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")),
            ("NaN", double.NaN)));

        using (var text = System.Text.Json.JsonDocument.Parse(Raw(line, "Text")))
        {
            Assert.Equal("say \"hi\"", text.RootElement.GetString());
        }

        Assert.Equal("42", Raw(line, "Int"));
        Assert.Equal("9000000000", Raw(line, "Long"));
        Assert.Equal("1.5", Raw(line, "Double"));
        Assert.Equal("2.25", Raw(line, "Decimal"));
        Assert.Equal("true", Raw(line, "True"));
        Assert.Equal("null", Raw(line, "Null"));
        Assert.Equal("\"0f8fad5b-d9cb-469f-a165-70867728950e\"", Raw(line, "Guid"));
        Assert.Equal("\"NaN\"", Raw(line, "NaN"));
    }

    [Fact]
    public void Sequences_structures_and_dictionaries_are_written_as_json()
    {
        string line = WriteOne(Event(
            AuditSinkFolder.Noon,
            ("Tags", new SequenceValue([new ScalarValue("a"), new ScalarValue(1), new SequenceValue([new ScalarValue(true)])])),
            ("Caller", new StructureValue([new LogEventProperty("Name", new ScalarValue("x")), new LogEventProperty("Level", new ScalarValue(2))], "Caller")),
            ("Headers", new DictionaryValue([
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue("accept"), new ScalarValue("json")),
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(7), new SequenceValue([new ScalarValue(null)])),
            ]))));

        Assert.Equal("""["a",1,[true]]""", Raw(line, "Tags"));
        Assert.Equal("""{"Name":"x","Level":2}""", Raw(line, "Caller"));
        Assert.Equal("""{"accept":"json","7":[null]}""", Raw(line, "Headers"));
        Assert.True(_folder.Verify("audit.jsonl").Intact);
    }

    [Fact]
    public void Properties_named_like_chain_members_are_left_out_so_the_chain_holds()
    {
        string line = WriteOne(Event(
            ("Hash", "forged"),
            ("PreviousHash", "forged"),
            ("Sequence", 99),
            ("Time", "yesterday"),
            ("Tool", "t")));

        Assert.Equal(["Time", "Sequence", "Tool", "PreviousHash", "Hash"], Names(line));
        Assert.Equal("1", Raw(line, "Sequence"));
        AuditVerificationResult result = _folder.Verify("audit.jsonl");
        Assert.True(result.Intact, result.Failure?.Reason);
    }

    [Fact]
    public void Non_ascii_text_is_written_as_valid_json_and_hashed_as_written()
    {
        string line = WriteOne(Event(("Name", "Zoë – 東京\n")));

        using var document = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("Zoë – 東京\n", document.RootElement.GetProperty("Name").GetString());
        Assert.True(_folder.Verify("audit.jsonl").Intact);
    }
}
