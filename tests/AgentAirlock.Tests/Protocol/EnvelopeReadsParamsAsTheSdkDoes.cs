using System.Text.Json;
using AgentAirlock.Protocol;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Protocol;

/// <summary>
/// Differential against the SDK itself: the SDK binds <c>params</c> of a tools/call to <see cref="CallToolRequestParams"/>
/// with <see cref="McpJsonUtilities.DefaultOptions"/>; whatever key spelling it binds, the envelope must read the same way.
/// </summary>
public sealed class EnvelopeReadsParamsAsTheSdkDoes
{
    public static TheoryData<string> ArgumentsKeys => new()
    {
        "arguments", "Arguments", "ARGUMENTS", "aRGUMENTs", "\\u0061rguments", "\\u0041RGUMENTS", "argument\\u017F",
        "ARGUMENT\\u017F", "\\u0430rguments", "arguments ", " arguments", "argument", "args", "arguments\\u0000",
    };

    public static TheoryData<string> NameKeys => new()
    {
        "name", "Name", "NAME", "nAmE", "n\\u0061me", "\\u004EAME", "n\\u0430me", "name ", "Name\\u200B", "tool",
    };

    [Theory]
    [MemberData(nameof(ArgumentsKeys))]
    public void The_envelope_finds_the_arguments_exactly_when_the_sdk_binds_them(string key)
    {
        string parameters = Json.Q($"{{'name':'add','{key}':{{'ghost':1}}}}");
        CallToolRequestParams? sdk = JsonSerializer.Deserialize<CallToolRequestParams>(parameters, McpJsonUtilities.DefaultOptions);
        bool sdkSeesGhost = sdk?.Arguments?.ContainsKey("ghost") == true;

        using McpRequest request = Envelope.Accept(Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{parameters}}}"));
        bool envelopeSeesGhost = request.Arguments.ValueKind == JsonValueKind.Object && request.Arguments.TryGetProperty("ghost", out _);

        Assert.Equal(sdkSeesGhost, envelopeSeesGhost);
    }

    [Theory]
    [MemberData(nameof(NameKeys))]
    public void The_envelope_finds_the_tool_name_exactly_when_the_sdk_binds_it(string key)
    {
        string parameters = Json.Q($"{{'{key}':'add'}}");
        CallToolRequestParams? sdk = null;
        try
        {
            sdk = JsonSerializer.Deserialize<CallToolRequestParams>(parameters, McpJsonUtilities.DefaultOptions);
        }
        catch (JsonException)
        {
            // A required name missing: the SDK cannot read the call.
        }

        bool sdkReadsName = sdk?.Name == "add";

        using McpRequest? request = Envelope.Parse(Json.Q($"{{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{parameters}}}"), out _);
        bool envelopeReadsName = request?.ToolName == "add";

        Assert.Equal(sdkReadsName, envelopeReadsName);
    }
}
