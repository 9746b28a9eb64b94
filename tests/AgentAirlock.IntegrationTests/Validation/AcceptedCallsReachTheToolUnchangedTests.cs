using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace AgentAirlock.IntegrationTests.Validation;

/// <summary>
/// A call Airlock accepts reaches the SDK's call-tool filter chain with exactly the arguments that were sent:
/// same names, and each value byte for byte as written (escapes, number spelling, nesting).
/// </summary>
public sealed class AcceptedCallsReachTheToolUnchangedTests(ExtraToolsServers servers, DefaultSampleFactory sample)
    : IClassFixture<ExtraToolsServers>, IClassFixture<DefaultSampleFactory>
{
    /// <summary>
    /// The SDK re-serializes params before its filters see them (strings may come re-escaped), so values are compared
    /// as the tool binds them: strings by their text, numbers by their exact spelling, objects member by member.
    /// </summary>
    private static void AssertSameArguments(string sent, RecordedCall received)
    {
        Assert.NotNull(received.Arguments);
        JsonElement expected = McpHttp.Parse(sent);
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), received.Arguments.Keys.Order(StringComparer.Ordinal));
        foreach (JsonProperty property in expected.EnumerateObject())
        {
            ArgumentValues.AssertSame(property.Value, received.Arguments[property.Name], property.Name);
        }
    }

    public static TheoryData<string, string> SampleCalls => new()
    {
        { "add", """{"a":2147483647,"b":-2147483648}""" },
        { "add", """{"b":0,"a":-0}""" },
        { "echo", """{"text":"héllo wörld — 你好 🎉 Ω"}""" },
        { "echo", """{"text":"line\nbreak \"quoted\" back\\slash \u00e9 \ud83c\udf89 \/ tab\t nul\u0000"}""" },
        { "echo", """{"text":""}""" },
        { "echo", """{ "text" : "spaced"  }""" },
        { "search_documents", """{"query":"rate"}""" },
        { "search_documents", """{"query":"rate","limit":50}""" },
        { "delete_record", """{"record_id":1,"reason":"\u0041\u0042"}""" },
        { "get_customer", """{"customer_id":1000000}""" },
    };

    [Theory]
    [MemberData(nameof(SampleCalls))]
    public async Task A_valid_call_to_the_sample_reaches_the_tool_unchanged_on_2025_11_25(string tool, string arguments)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, tool, arguments));

        Blocks.AssertToolSucceeded(answer);
        AssertSameArguments(arguments, sample.Calls.Single(id));
    }

    [Theory]
    [MemberData(nameof(SampleCalls))]
    public async Task A_valid_call_to_the_sample_reaches_the_tool_unchanged_on_2026_07_28(string tool, string arguments)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await sample.CreateClient().SendMcpAsync(McpHttp.ToolCall2026(id, tool, arguments));

        Blocks.AssertToolSucceeded(answer);
        AssertSameArguments(arguments, sample.Calls.Single(id));
    }

    public static TheoryData<string, string> ExtraCalls => new()
    {
        { "measure", """{"count":9223372036854775807,"ratio":1.7976931348623157e308,"amount":79228162514264337593543950335,"label":"max"}""" },
        { "measure", """{"count":-9223372036854775808,"ratio":-4.9E-324,"amount":-0.0000000000000000000000000001,"label":"min"}""" },
        { "measure", """{"count":1,"ratio":1,"amount":1E+2,"label":"exponent"}""" },
        { "create_order", """{"order":{"sku":"A-1","quantity":3,"shipTo":{"street":"1 Main St","city":"Zürich"}}}""" },
        { "create_order", """{"order":{"shipTo":{"city":"\u004f\u0073\u006c\u006f","street":"x"},"quantity":1,"sku":"B"},"note":null}""" },
        { "create_order", """{"order":{"sku":"C","quantity":2,"shipTo":{"street":"s","city":"c"}},"note":"leave at the door"}""" },
        { "book_flight", """{"airport":"ZRH","seats":9}""" },
        { "subscribe", """{"email":"ada@example.com"}""" },
        { "toggle", """{"enabled":false}""" },
    };

    [Theory]
    [MemberData(nameof(ExtraCalls))]
    public async Task A_valid_call_with_wide_numbers_nested_objects_or_formats_reaches_the_tool_unchanged(string tool, string arguments)
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.Rejecting.Client.SendMcpAsync(McpHttp.ToolCall(id, tool, arguments));

        Blocks.AssertToolSucceeded(answer);
        AssertSameArguments(arguments, servers.Rejecting.Calls.Single(id));
    }

    [Theory]
    [MemberData(nameof(ExtraCalls))]
    [MemberData(nameof(SampleCallsToo))]
    public async Task The_sdk_reads_the_very_bytes_that_were_sent(string tool, string arguments)
    {
        string id = McpHttp.NewId();
        string body = McpHttp.ToolCallBody(id, tool, arguments);

        McpAnswer answer = await servers.Rejecting.Client.SendMcpAsync(McpHttp.Post(body));

        Assert.True(answer.IsResult, answer.ToString());
        Assert.Equal(body, System.Text.Encoding.UTF8.GetString(servers.Rejecting.BodiesReadBySdk[id]));
    }

    /// <summary>Bodies whose spelling matters, sent to tools of the extra-tools host.</summary>
    public static TheoryData<string, string> SampleCallsToo => new()
    {
        { "plain_echo", """{"text":"line\nbreak \"quoted\" back\\slash \u00e9 \ud83c\udf89 \/ tab\t nul\u0000"}""" },
        { "plain_echo", """{ "text" : "spaced"  }""" },
        { "plain_echo", """{"text":"héllo wörld — 你好 🎉 Ω"}""" },
    };

    [Fact]
    public async Task The_tool_computes_with_the_values_sent()
    {
        McpAnswer answer = await servers.Rejecting.Client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "measure",
            """{"count":9223372036854775807,"ratio":0.1,"amount":79228162514264337593543950335,"label":"é"}"""));

        Assert.Equal("9223372036854775807|0.1|79228162514264337593543950335|é", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task A_call_made_by_the_csharp_client_reaches_the_tool_with_the_arguments_it_serialized()
    {
        await using McpClient client = await sample.CreateMcpClientAsync();
        int before = sample.Calls.All.Count(c => c.ToolName == "echo" && c.Arguments?["text"].GetString() == "ünïcödé \"q\" 🎉");

        await client.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "ünïcödé \"q\" 🎉" });

        int after = sample.Calls.All.Count(c => c.ToolName == "echo" && c.Arguments?["text"].GetString() == "ünïcödé \"q\" 🎉");
        Assert.Equal(before + 1, after);
    }
}
