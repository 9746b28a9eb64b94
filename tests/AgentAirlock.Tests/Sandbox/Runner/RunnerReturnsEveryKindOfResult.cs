using System.Text.Json;
using AgentAirlock.Sandbox;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// The real runner classifies what a tool returned into the protocol's kinds, and the host turns each back into the
/// CLR value the SDK's own result conversion expects.
/// </summary>
public sealed class RunnerReturnsEveryKindOfResult
{
    private static string Kind(RunnerRun run) => run.Outcome.Result.GetProperty("kind").GetString()!;

    [Fact]
    public async Task A_number_comes_back_as_a_json_value()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":2,"b":3}""");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("json", Kind(run));
        Assert.Equal(5, Assert.IsType<JsonElement>(run.ReturnValue).GetInt32());
    }

    [Fact]
    public async Task A_string_comes_back_as_text_unchanged()
    {
        const string Text = "h\u00e9llo \"quoted\" \\ {braces} \u2603";
        string arguments = JsonSerializer.Serialize(new { text = Text });

        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Echo), arguments);

        Assert.Equal("text", Kind(run));
        Assert.Equal(Text, run.ReturnValue);
    }

    [Fact]
    public async Task An_awaited_task_of_string_comes_back_as_text()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.EchoAsync), """{"text":"later"}""");

        Assert.Equal("later", run.ReturnValue);
    }

    [Fact]
    public async Task An_awaited_value_task_of_int_comes_back_as_json()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.AddAsync), """{"a":4,"b":3}""");

        Assert.Equal(7, Assert.IsType<JsonElement>(run.ReturnValue).GetInt32());
    }

    [Fact]
    public async Task A_void_method_comes_back_as_nothing()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Nothing), """{"text":"x"}""");

        Assert.Equal("void", Kind(run));
        Assert.Null(run.ReturnValue);
    }

    [Fact]
    public async Task An_awaited_plain_task_comes_back_as_nothing()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.NothingAsync));

        Assert.Equal("void", Kind(run));
        Assert.Null(run.ReturnValue);
    }

    [Fact]
    public async Task A_record_comes_back_as_json_serialized_with_the_sdk_options()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Measure), """{"name":"depth","value":21}""");

        JsonElement value = Assert.IsType<JsonElement>(run.ReturnValue);
        Assert.Equal("depth", value.GetProperty("name").GetString());
        Assert.Equal(21, value.GetProperty("value").GetInt32());
        Assert.Equal([21, 42], value.GetProperty("multiples").EnumerateArray().Select(static e => e.GetInt32()));
    }

    [Fact]
    public async Task A_call_tool_result_comes_back_whole_including_its_error_flag()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Report), """{"text":"bad input"}""");

        Assert.Equal("callToolResult", Kind(run));
        CallToolResult result = Assert.IsType<CallToolResult>(run.ReturnValue);
        Assert.True(result.IsError);
        Assert.Equal("bad input", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task A_content_block_comes_back_as_one_block()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Block), """{"text":"one"}""");

        Assert.Equal("content", Kind(run));
        Assert.Equal("one", Assert.IsType<TextContentBlock>(run.ReturnValue).Text);
    }

    [Fact]
    public async Task An_enumerable_of_content_blocks_comes_back_as_a_list_in_order()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Blocks), """{"count":3}""");

        Assert.Equal("contents", Kind(run));
        List<ContentBlock> blocks = Assert.IsType<List<ContentBlock>>(run.ReturnValue);
        Assert.Equal(["block 1", "block 2", "block 3"], blocks.Select(static b => Assert.IsType<TextContentBlock>(b).Text));
    }

    [Fact]
    public async Task AI_content_comes_back_as_a_call_tool_result_that_is_not_an_error()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.AiText), """{"text":"from AI"}""");

        Assert.Equal("callToolResult", Kind(run));
        CallToolResult result = Assert.IsType<CallToolResult>(run.ReturnValue);
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("from AI", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task AI_contents_that_are_all_errors_come_back_as_an_error_result()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.AiErrors), """{"count":2}""");

        CallToolResult result = Assert.IsType<CallToolResult>(run.ReturnValue);
        Assert.True(result.IsError);
        Assert.Equal(2, result.Content.Count);
    }

    [Fact]
    public async Task An_instance_method_runs_on_an_instance_made_with_the_parameterless_constructor()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Offset), """{"value":5}""");

        Assert.Equal(105, Assert.IsType<JsonElement>(run.ReturnValue).GetInt32());
    }

    [Fact]
    public async Task Stdout_holds_exactly_the_one_result_object()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":1,"b":1}""");

        Assert.Equal("""{"ok":true,"kind":"json","value":2}""", System.Text.Encoding.UTF8.GetString(run.Stdout));
        Assert.Equal(SandboxStatus.Completed, run.Outcome.Status);
    }
}
