using AgentAirlock.Sanitization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// <see cref="LogMaskingEnricher"/> masks the string property values (also inside sequences, structures and
/// dictionaries) of events whose source context starts with <c>AgentAirlock</c>, and leaves other events untouched.
/// </summary>
public sealed class LogMaskingEnricherMasksAirlockEvents
{
    private const string Email = "john.doe@example.com";
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
    private static readonly string GitHubToken = Expand("ghp_{36}");

    private readonly LogMaskingEnricher _enricher = new(new SensitiveTextMasker());

    private static LogEvent Event(string? sourceContext, string template, params (string Name, LogEventPropertyValue Value)[] properties)
    {
        var all = properties.Select(p => new LogEventProperty(p.Name, p.Value)).ToList();
        if (sourceContext is not null)
        {
            all.Add(new LogEventProperty("SourceContext", new ScalarValue(sourceContext)));
        }

        return new LogEvent(AuditSinkFolder.Noon, LogEventLevel.Information, null, new MessageTemplateParser().Parse(template), all);
    }

    private LogEvent Enrich(LogEvent logEvent)
    {
        _enricher.Enrich(logEvent, new NoPropertyFactory());
        return logEvent;
    }

    private static string? Text(LogEventPropertyValue value) => Assert.IsType<ScalarValue>(value).Value as string;

    [Fact]
    public void String_properties_of_an_airlock_event_are_masked()
    {
        LogEvent logEvent = Enrich(Event("AgentAirlock.Validation.ValidationMiddleware", "x",
            ("Argument", new ScalarValue(Email)),
            ("Key", new ScalarValue($"key {AwsKey} leaked")),
            ("Token", new ScalarValue(GitHubToken))));

        Assert.Equal("[EMAIL]", Text(logEvent.Properties["Argument"]));
        Assert.Equal("key [AWS_ACCESS_KEY_ID] leaked", Text(logEvent.Properties["Key"]));
        Assert.Equal("[GITHUB_TOKEN]", Text(logEvent.Properties["Token"]));
    }

    [Fact]
    public void The_rendered_message_is_masked_too()
    {
        LogEvent logEvent = Enrich(Event("AgentAirlock.Policy.PolicyMiddleware", "Argument {Argument} is not declared",
            ("Argument", new ScalarValue(Email))));

        string rendered = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("Argument \"[EMAIL]\" is not declared", rendered);
        Assert.DoesNotContain(Email, rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_inside_sequences_structures_and_dictionaries_are_masked()
    {
        LogEvent logEvent = Enrich(Event("AgentAirlock", "x",
            ("Names", new SequenceValue([new ScalarValue("ok"), new ScalarValue(Email), new SequenceValue([new ScalarValue(AwsKey)])])),
            ("Call", new StructureValue(
                [new LogEventProperty("Tool", new ScalarValue("get_customer")), new LogEventProperty("Token", new ScalarValue(GitHubToken))],
                "Call")),
            ("Headers", new DictionaryValue([
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue("from"), new ScalarValue(Email)),
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue("count"), new ScalarValue(3)),
            ]))));

        var names = Assert.IsType<SequenceValue>(logEvent.Properties["Names"]);
        Assert.Equal("ok", Text(names.Elements[0]));
        Assert.Equal("[EMAIL]", Text(names.Elements[1]));
        Assert.Equal("[AWS_ACCESS_KEY_ID]", Text(Assert.Single(Assert.IsType<SequenceValue>(names.Elements[2]).Elements)));

        var call = Assert.IsType<StructureValue>(logEvent.Properties["Call"]);
        Assert.Equal("Call", call.TypeTag);
        Assert.Equal(["Tool", "Token"], call.Properties.Select(p => p.Name));
        Assert.Equal("get_customer", Text(call.Properties[0].Value));
        Assert.Equal("[GITHUB_TOKEN]", Text(call.Properties[1].Value));

        var headers = Assert.IsType<DictionaryValue>(logEvent.Properties["Headers"]);
        Assert.Equal(["from", "count"], headers.Elements.Keys.Select(k => (string)k.Value!));
        Assert.Equal("[EMAIL]", Text(headers.Elements[new ScalarValue("from")]));
        Assert.Equal(3, Assert.IsType<ScalarValue>(headers.Elements[new ScalarValue("count")]).Value);
    }

    [Fact]
    public void Clean_values_are_left_as_the_same_instances()
    {
        var clean = new ScalarValue("get_customer");
        var number = new ScalarValue(42);
        var list = new SequenceValue([new ScalarValue("a"), new ScalarValue("b")]);
        LogEvent logEvent = Enrich(Event("AgentAirlock.Audit.DecisionSink", "x",
            ("Tool", clean), ("Count", number), ("Names", list), ("Leak", new ScalarValue(Email))));

        Assert.Same(clean, logEvent.Properties["Tool"]);
        Assert.Same(number, logEvent.Properties["Count"]);
        Assert.Same(list, logEvent.Properties["Names"]);
        Assert.Equal("[EMAIL]", Text(logEvent.Properties["Leak"]));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("MyApp.AgentAirlock")]
    [InlineData("agentairlock.lowercase")]
    [InlineData(null)]
    public void Events_of_other_sources_are_untouched(string? sourceContext)
    {
        var email = new ScalarValue(Email);
        var names = new SequenceValue([new ScalarValue(AwsKey)]);
        LogEvent logEvent = Enrich(Event(sourceContext, "x", ("Argument", email), ("Names", names)));

        Assert.Same(email, logEvent.Properties["Argument"]);
        Assert.Same(names, logEvent.Properties["Names"]);
    }

    [Fact]
    public void The_source_context_itself_is_kept()
    {
        LogEvent logEvent = Enrich(Event("AgentAirlock.Sanitization", "x", ("Argument", new ScalarValue(Email))));

        Assert.Equal("AgentAirlock.Sanitization", Text(logEvent.Properties["SourceContext"]));
    }

    private sealed class NoPropertyFactory : ILogEventPropertyFactory
    {
        public LogEventProperty CreateProperty(string name, object? value, bool destructureObjects = false) =>
            throw new InvalidOperationException("the enricher is not expected to create properties");
    }
}
