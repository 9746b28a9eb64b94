using System.Text.Json;
using AgentAirlock.Sandbox;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>Each kind of result document becomes the CLR value the SDK's own result conversion expects.</summary>
public sealed class RunnerProtocolConvertsResultsToReturnValues
{
    private static object? Convert(string document)
    {
        using JsonDocument parsed = JsonDocument.Parse(document);
        return RunnerProtocol.ToReturnValue(parsed.RootElement.Clone());
    }

    [Fact]
    public void Void_becomes_null() => Assert.Null(Convert("""{"ok":true,"kind":"void"}"""));

    [Fact]
    public void Text_becomes_a_string() => Assert.Equal("hi", Convert("""{"ok":true,"kind":"text","value":"hi"}"""));

    [Fact]
    public void Json_becomes_a_json_element_that_outlives_the_document()
    {
        JsonElement value = Assert.IsType<JsonElement>(Convert("""{"ok":true,"kind":"json","value":{"n":[1,2]}}"""));

        Assert.Equal(2, value.GetProperty("n")[1].GetInt32());
    }

    [Fact]
    public void Content_becomes_a_content_block_of_its_type()
    {
        object? value = Convert("""{"ok":true,"kind":"content","value":{"type":"image","data":"AAEC","mimeType":"image/png"}}""");

        Assert.Equal("image/png", Assert.IsType<ImageContentBlock>(value).MimeType);
    }

    [Fact]
    public void Contents_become_a_list_of_content_blocks()
    {
        object? value = Convert("""{"ok":true,"kind":"contents","value":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}""");

        List<ContentBlock> blocks = Assert.IsType<List<ContentBlock>>(value);
        Assert.Equal(["a", "b"], blocks.Select(static b => Assert.IsType<TextContentBlock>(b).Text));
    }

    [Fact]
    public void A_call_tool_result_becomes_a_call_tool_result()
    {
        object? value = Convert("""{"ok":true,"kind":"callToolResult","value":{"content":[{"type":"text","text":"x"}],"isError":true}}""");

        CallToolResult result = Assert.IsType<CallToolResult>(value);
        Assert.True(result.IsError);
        Assert.Equal("x", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Theory]
    [InlineData("""{"ok":true}""")]
    [InlineData("""{"ok":true,"kind":"poem","value":1}""")]
    [InlineData("""{"ok":true,"kind":"text"}""")]
    [InlineData("""{"ok":true,"kind":"content","value":"text"}""")]
    [InlineData("""[]""")]
    public void A_document_of_no_known_kind_is_rejected(string document)
    {
        Assert.ThrowsAny<JsonException>(() => Convert(document));
    }
}
