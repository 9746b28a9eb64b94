using System.Text.Json.Nodes;
using AgentAirlock.Protocol;
using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class ValidationAnswersFollowTheDesign
{
    [Fact]
    public async Task A_wrong_type_gets_exactly_the_answer_of_the_design()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        JsonNode response = await BlockedAnswers.WriteAsync(BlockedAnswers.Refuse(add, """{"a":"5","b":2}"""));

        Assert.Equal("2.0", (string?)response["jsonrpc"]);
        Assert.Equal(7, (int?)response["id"]);
        JsonNode result = response["result"]!;
        Assert.True((bool?)result["isError"]);
        Assert.Equal(
            "AIRLOCK_BLOCK: Tool 'add' validation failed. a: expected integer, got string\n\nSuggested fixes:\n- 'a' must be an integer, not a string, e.g. \"a\": 5",
            (string?)result["content"]![0]!["text"]);
        Assert.Equal("text", (string?)result["content"]![0]!["type"]);
        JsonNode block = result["structuredContent"]!;
        Assert.False((bool?)block["success"]);
        Assert.Equal("blocked", (string?)block["status"]);
        Assert.Equal("validation_error", (string?)block["block_reason"]);
        Assert.Equal("add", (string?)block["tool_name"]);
        Assert.Equal("AIRLOCK_BLOCK: Tool 'add' validation failed. a: expected integer, got string", (string?)block["error"]);
        Assert.Equal(["'a' must be an integer, not a string, e.g. \"a\": 5"], block["fix_hints"]!.AsArray().Select(h => (string?)h));
        Assert.Equal(["a"], block["blocked_args"]!.AsArray().Select(h => (string?)h));
        Assert.IsType<JsonObject>(block["metadata"]);
        Assert.Null(result["resultType"]);
    }

    [Fact]
    public async Task Ghost_arguments_alone_are_blocked_as_ghost_arguments()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        JsonNode block = (await BlockedAnswers.WriteAsync(BlockedAnswers.Refuse(add, """{"a":1,"b":2,"ghost":1,"alpha":2}""")))["result"]!["structuredContent"]!;

        Assert.Equal("ghost_arguments", (string?)block["block_reason"]);
        Assert.Equal("AIRLOCK_BLOCK: Tool 'add' received unknown arguments: alpha, ghost", (string?)block["error"]);
        Assert.Equal(["ghost", "alpha"], block["blocked_args"]!.AsArray().Select(h => (string?)h));
        Assert.Equal(["ghost", "alpha"], block["metadata"]!["ghost_arguments"]!.AsArray().Select(h => (string?)h));
        Assert.Contains("Call 'add' with only its declared parameters: a, b", block["fix_hints"]!.AsArray().Select(h => (string?)h));
    }

    [Fact]
    public void Ghosts_with_other_problems_make_a_validation_error_listing_everything()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        BlockedAnswer answer = BlockedAnswers.Refuse(add, """{"a":1.5,"ghost":1}""");

        Assert.Equal(BlockReason.ValidationError, answer.Reason);
        Assert.Equal(["a", "ghost", "b"], answer.BlockedArguments);
        Assert.Equal(3, answer.FixHints.Count);
        Assert.Contains("a: expected integer", answer.Error, StringComparison.Ordinal);
        Assert.Contains("ghost: unknown argument", answer.Error, StringComparison.Ordinal);
        Assert.Contains("b: required but missing", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stripped_ghosts_are_not_reported_as_problems_but_named_in_metadata()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        BlockedAnswer answer = BlockedAnswers.Refuse(add, """{"a":"x","b":2,"ghost":1}""", ghostsStripped: true);

        Assert.Equal(BlockReason.ValidationError, answer.Reason);
        Assert.Equal(["a"], answer.BlockedArguments);
        Assert.Equal(["ghost"], answer.Metadata["stripped_arguments"]!.AsArray().Select(n => (string?)n));
        Assert.Null(answer.Metadata["ghost_arguments"]);
        Assert.Equal(1, (int?)answer.Metadata["error_count"]);
    }

    [Fact]
    public void The_metadata_lists_each_error_and_the_tool_parameters()
    {
        using ToolSchema search = ToolSchema.For(nameof(Tools.Search));

        BlockedAnswer answer = BlockedAnswers.Refuse(search, """{"limit":99}""");

        JsonArray errors = answer.Metadata["errors"]!.AsArray();
        Assert.Equal(2, errors.Count);
        Assert.Equal("limit", (string?)errors[0]!["field"]);
        Assert.Equal("above_maximum", (string?)errors[0]!["type"]);
        Assert.Equal("out of range: must be between 1 and 50", (string?)errors[0]!["message"]);
        Assert.Equal(answer.FixHints[0], (string?)errors[0]!["fix_hint"]);
        Assert.Equal("query", (string?)errors[1]!["field"]);
        Assert.Equal("missing", (string?)errors[1]!["type"]);
        Assert.Equal(2, (int?)answer.Metadata["error_count"]);
        Assert.Equal("search", (string?)answer.Metadata["tool"]);

        JsonArray parameters = answer.Metadata["parameters"]!.AsArray();
        Assert.Equal("""[{"name":"query","type":"string","required":true},{"name":"limit","type":"integer","required":false}]""", parameters.ToJsonString());
    }

    [Fact]
    public void A_nested_problem_is_blocked_under_its_path()
    {
        using ToolSchema person = ToolSchema.For(nameof(Tools.Person));

        BlockedAnswer answer = BlockedAnswers.Refuse(person, """{"address":{"street":"a","zip":"1"}}""");

        Assert.Equal(["address.zip"], answer.BlockedArguments);
        Assert.StartsWith("'address.zip' must be an integer, not a string, e.g. \"zip\": 5", answer.FixHints[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_with_an_output_schema_gets_the_block_in_meta_instead_of_structured_content()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        JsonNode result = (await BlockedAnswers.WriteAsync(BlockedAnswers.Refuse(add, "{}"), toolHasOutputSchema: true))["result"]!;

        Assert.Null(result["structuredContent"]);
        Assert.Equal("validation_error", (string?)result["_meta"]!["io.agentairlock/block"]!["block_reason"]);
        Assert.True((bool?)result["isError"]);
    }

    [Fact]
    public async Task A_2026_07_28_call_gets_result_type_and_server_info()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        JsonNode result = (await BlockedAnswers.WriteAsync(BlockedAnswers.Refuse(add, "{}"), protocolVersion: "2026-07-28"))["result"]!;

        Assert.Equal("complete", (string?)result["resultType"]);
        Assert.NotNull(result["_meta"]!["io.modelcontextprotocol/serverInfo"]!["name"]);
        Assert.NotNull(result["structuredContent"]);
    }

    [Fact]
    public void A_tool_whose_schema_cannot_be_used_is_refused_with_a_specific_answer()
    {
        using ToolSchema broken = ToolSchema.FromJson("""{"type":"object","properties":{"a":{"$ref":"https://example.com/x.json"}}}""");

        BlockedAnswer answer = ValidationAnswers.SchemaUnavailable(broken.Descriptor());

        Assert.Equal(BlockReason.ValidationError, answer.Reason);
        Assert.StartsWith(BlockedAnswer.Prefix, answer.Error, StringComparison.Ordinal);
        Assert.Equal("unusable_schema", (string?)answer.Metadata["schema_problem"]);
        Assert.NotEmpty(answer.FixHints);
    }

    [Fact]
    public void A_flood_of_ghosts_is_summarized_after_the_reporting_limit()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));
        string arguments = "{\"a\":1,\"b\":2," + string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"g{i}\":{i}")) + "}";

        BlockedAnswer answer = BlockedAnswers.Refuse(add, arguments);

        Assert.Equal(BlockReason.GhostArguments, answer.Reason);
        Assert.Equal(ValidationScratch.MaxReportedProblems, answer.BlockedArguments.Count);
        Assert.EndsWith($"(and {200 - ValidationScratch.MaxReportedProblems} more problems not listed)", answer.Error, StringComparison.Ordinal);
        Assert.Equal(200, (int?)answer.Metadata["error_count"]);
    }

    [Fact]
    public void A_flood_of_bad_values_is_summarized_and_stays_a_validation_error()
    {
        using ToolSchema counts = ToolSchema.For(nameof(Tools.Counts));
        string arguments = "{\"counts\":{" + string.Join(",", Enumerable.Range(0, 120).Select(i => $"\"k{i}\":\"x\"")) + "}}";

        BlockedAnswer answer = BlockedAnswers.Refuse(counts, arguments);

        Assert.Equal(BlockReason.ValidationError, answer.Reason);
        Assert.Equal(ValidationScratch.MaxReportedProblems, answer.BlockedArguments.Count);
        Assert.Equal(120, (int?)answer.Metadata["error_count"]);
    }

    [Fact]
    public void Every_block_reason_has_its_wire_name()
    {
        Assert.Equal(
            ["validation_error", "ghost_arguments", "policy_violation", "rate_limit", "rate_limit_unavailable", "time_restricted", "sandbox_error", "secret_in_arguments", "audit_unavailable"],
            Enum.GetValues<BlockReason>().Select(r => r.ToWireName()));
    }

    [Fact]
    public void The_text_without_hints_is_the_error_alone()
    {
        var answer = new BlockedAnswer(BlockReason.PolicyViolation, "t", "not allowed");

        Assert.Equal("AIRLOCK_BLOCK: not allowed", answer.ToText());
    }
}
