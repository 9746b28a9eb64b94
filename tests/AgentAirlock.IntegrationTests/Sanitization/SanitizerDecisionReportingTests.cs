using System.Text.Json;
using AgentAirlock.IntegrationTests.Audit;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Serilog.Events;

namespace AgentAirlock.IntegrationTests.Sanitization;

/// <summary>
/// The sample's get_customer returns its record with every sensitive field masked (the shipped configuration), and the
/// sanitizer's decision names the types, their counts and where they were, never a value.
/// </summary>
public sealed class SanitizerDecisionReportingTests(VerboseAirlockSampleFactory factory) : IClassFixture<VerboseAirlockSampleFactory>
{
    private static readonly string[] RawValues = ["jane.doe7@example.com", "415-555-0132", "123-45-6789", "4111 1111 1111 1111", "sk-proj-FAKEk3y"];

    [Fact]
    public async Task The_sample_customer_record_leaves_with_every_sensitive_field_masked()
    {
        await using McpClient client = await factory.CreateMcpClientAsync();

        CallToolResult result = await client.CallToolAsync("get_customer", new Dictionary<string, object?> { ["customer_id"] = 7 });

        Assert.NotEqual(true, result.IsError);
        JsonElement customer = result.StructuredContent!.Value;
        Assert.Equal(7, customer.GetProperty("id").GetInt32());
        Assert.Equal("Jane Doe", customer.GetProperty("name").GetString());
        Assert.Equal("j***@example.com", customer.GetProperty("email").GetString());
        Assert.Equal("[PHONE]", customer.GetProperty("phone").GetString());
        Assert.Equal("[REDACTED]", customer.GetProperty("ssn").GetString());
        Assert.Equal("**** **** **** 1111", customer.GetProperty("cardNumber").GetString());
        Assert.Equal("sk-proj...0000", customer.GetProperty("apiKey").GetString());
        string text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        ResultsAreMaskedTests.AssertNoneOf(text, RawValues);
        ResultsAreMaskedTests.AssertNoneOf(JsonSerializer.Serialize(result), RawValues);
    }

    [Fact]
    public async Task The_masking_decision_counts_types_and_names_places_but_logs_no_value()
    {
        using HttpClient http = factory.CreateClient();

        McpAnswer answer = await http.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "get_customer", """{"customer_id":7}"""));

        Blocks.AssertToolSucceeded(answer);
        LogEvent decision = Assert.Single(factory.Logs.Events, e =>
            LogCapture.Scalar(e, "Layer") == "sanitizer" && LogCapture.Scalar(e, "Tool") == "get_customer"
            && LogCapture.Everything(e).Contains("structuredContent.email", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Information, decision.Level);
        Assert.Equal("masked", LogCapture.Scalar(decision, "Outcome"));
        Assert.Equal("admin", LogCapture.Scalar(decision, "AgentId"));
        string everything = LogCapture.Everything(decision);
        Assert.Contains("EMAIL", everything, StringComparison.Ordinal);
        Assert.Contains("CREDIT_CARD", everything, StringComparison.Ordinal);
        Assert.Contains("content[0].text", everything, StringComparison.Ordinal);
        foreach (string value in RawValues)
        {
            Assert.DoesNotContain(factory.Logs.Events, e => LogCapture.Everything(e).Contains(value, StringComparison.Ordinal));
        }
    }
}
