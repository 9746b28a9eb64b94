using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using AgentAirlock.Tests.Validation;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Policy;

public sealed class PolicyAnswersFollowTheDesign
{
    private static readonly AgentIdentity Agent = Agents.Named("agent-7");

    private static JsonNode Block(JsonNode response)
    {
        JsonNode result = response["result"]!;
        Assert.True((bool)result["isError"]!);
        return result["structuredContent"]!;
    }

    private static string Text(JsonNode response) => (string)response["result"]!["content"]![0]!["text"]!;

    private static BlockedAnswer Refuse(PolicySet set, string tool, DateTimeOffset now, AgentIdentity? identity = null)
    {
        AccessVerdict verdict = PolicyEvaluator.Check(set, identity ?? Agent, tool, now);
        Assert.False(verdict.IsAllowed);
        return PolicyAnswers.Refuse(verdict, tool, now);
    }

    [Fact]
    public async Task A_denied_tool_is_a_policy_violation_naming_the_denying_rule()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "ReadOnly");

        JsonNode response = await BlockedAnswers.WriteAsync(Refuse(set, "delete_record", At.June(1, 12)));

        JsonNode block = Block(response);
        Assert.Equal("policy_violation", (string?)block["block_reason"]);
        Assert.Equal("delete_record", (string?)block["tool_name"]);
        Assert.Equal("ReadOnly", (string?)block["metadata"]!["policy"]);
        Assert.Equal("delete_*", (string?)block["metadata"]!["rule"]);
        Assert.Equal("tool_denied", (string?)block["metadata"]!["violation"]);
        Assert.Null(block["retry_after_seconds"]);
        Assert.StartsWith("AIRLOCK_BLOCK: Policy violation for 'delete_record': it matches the denied tools rule 'delete_*' of policy 'ReadOnly'.", Text(response), StringComparison.Ordinal);
        Assert.Contains("do not retry", Text(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_outside_the_allow_list_names_the_allowed_tools()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "ReadOnly");

        JsonNode response = await BlockedAnswers.WriteAsync(Refuse(set, "execute_sql", At.June(1, 12)));

        JsonNode block = Block(response);
        Assert.Equal("policy_violation", (string?)block["block_reason"]);
        Assert.Equal("AllowedTools", (string?)block["metadata"]!["rule"]);
        Assert.Equal("tool_not_allowed", (string?)block["metadata"]!["violation"]);
        Assert.Contains("not among the allowed tools of policy 'ReadOnly' (read_*, get_*, list_*, search_*)", (string?)block["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_that_allows_nothing_says_so()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Closed").DefaultDeny = true;
            o.DefaultPolicy = "Closed";
        });

        JsonNode block = Block(await BlockedAnswers.WriteAsync(Refuse(set, "anything", At.June(1, 12))));

        Assert.Equal("DefaultDeny", (string?)block["metadata"]!["rule"]);
        Assert.Contains("policy 'Closed' allows no tools", (string?)block["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_window_is_time_restricted_with_the_opening_and_the_seconds_until_it()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "BusinessHours");
        DateTimeOffset now = At.Utc(2026, 6, 5, 17, 30, 15);

        JsonNode response = await BlockedAnswers.WriteAsync(Refuse(set, "drop_table", now));

        JsonNode block = Block(response);
        Assert.Equal("time_restricted", (string?)block["block_reason"]);
        double expected = (At.Utc(2026, 6, 8, 9, 0) - now).TotalSeconds;
        Assert.Equal(expected, (double)block["retry_after_seconds"]!);
        Assert.Equal("2026-06-08T09:00:00Z", (string?)block["metadata"]!["opens_at"]);
        Assert.Equal("09:00-17:00 Mon,Tue,Wed,Thu,Fri (UTC)", (string?)block["metadata"]!["window"]);
        Assert.Equal("BusinessHours", (string?)block["metadata"]!["policy"]);
        Assert.Contains("2026-06-08T09:00:00Z", Text(response), StringComparison.Ordinal);
        Assert.Contains("(in 63h 29m)", Text(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_opening_in_another_zone_is_given_in_utc()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Berlin").Window("09:00-17:00", timeZone: "Europe/Berlin");
            o.DefaultPolicy = "Berlin";
        });
        DateTimeOffset now = At.June(1, 6, 59);

        JsonNode block = Block(await BlockedAnswers.WriteAsync(Refuse(set, "t", now)));

        Assert.Equal("2026-06-01T07:00:00Z", (string?)block["metadata"]!["opens_at"]);
        Assert.Equal(60.0, (double)block["retry_after_seconds"]!);
    }

    [Fact]
    public async Task A_rate_limit_refusal_computes_retry_after_from_the_bucket()
    {
        var time = new FakeTimeProvider(At.June(1, 12));
        var store = new MemoryRateLimitStore(time);
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Limited").Limit("2/second", RateLimitScope.PerAgentAndTool);
            o.DefaultPolicy = "Limited";
        });
        store.Acquire(set.Default, Agent, "search");
        store.Acquire(set.Default, Agent, "search");
        time.Advance(TimeSpan.FromMilliseconds(100));
        RateLimitOutcome outcome = store.Acquire(set.Default, Agent, "search");

        JsonNode response = await BlockedAnswers.WriteAsync(PolicyAnswers.RateLimited(outcome, "search", set.Default));

        JsonNode block = Block(response);
        Assert.Equal("rate_limit", (string?)block["block_reason"]);
        Assert.Equal(0.4, (double)block["retry_after_seconds"]!, 6);
        Assert.Equal("2/second", (string?)block["metadata"]!["limit"]);
        Assert.Equal("PerAgentAndTool", (string?)block["metadata"]!["scope"]);
        Assert.Equal("Limited", (string?)block["metadata"]!["policy"]);
        Assert.Contains("Rate limit exceeded for 'search': 2/second per agent and tool under policy 'Limited'.", Text(response), StringComparison.Ordinal);
        Assert.Contains("Wait 0.4 seconds before retrying", Text(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3/second")]
    [InlineData("7/minute")]
    [InlineData("100/hour")]
    public async Task A_client_that_waits_the_retry_after_it_was_given_is_admitted(string limit)
    {
        var time = new FakeTimeProvider(At.June(1, 12));
        var store = new MemoryRateLimitStore(time);
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Limited").Limit(limit);
            o.DefaultPolicy = "Limited";
        });
        RateLimitOutcome outcome;
        while ((outcome = store.Acquire(set.Default, Agent, "t")).Allowed)
        {
        }

        JsonNode block = Block(await BlockedAnswers.WriteAsync(PolicyAnswers.RateLimited(outcome, "t", set.Default)));
        time.Advance(TimeSpan.FromSeconds((double)block["retry_after_seconds"]!));

        Assert.True(store.Acquire(set.Default, Agent, "t").Allowed, $"refused after waiting retry_after_seconds = {block["retry_after_seconds"]}");
    }

    [Fact]
    public async Task A_zero_limit_says_the_tool_may_not_be_called_and_retry_after_is_the_period()
    {
        var store = new MemoryRateLimitStore(new FakeTimeProvider(At.June(1, 12)));
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Never").Limit("0/hour", RateLimitScope.PerAgent, "drop_*");
            o.DefaultPolicy = "Never";
        });
        RateLimitOutcome outcome = store.Acquire(set.Default, Agent, "drop_table");

        JsonNode response = await BlockedAnswers.WriteAsync(PolicyAnswers.RateLimited(outcome, "drop_table", set.Default));

        Assert.Equal(3600.0, (double)Block(response)["retry_after_seconds"]!);
        Assert.Contains("the limit is zero", Text(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_store_is_its_own_reason()
    {
        JsonNode response = await BlockedAnswers.WriteAsync(PolicyAnswers.StoreUnavailable("search"));

        JsonNode block = Block(response);
        Assert.Equal("rate_limit_unavailable", (string?)block["block_reason"]);
        Assert.Equal("search", (string?)block["tool_name"]);
        Assert.Equal(1.0, (double)block["retry_after_seconds"]!);
        Assert.Contains("the call was not made", Text(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_policy_answer_reveals_anything_of_the_tools_schema()
    {
        // The tool's schema names its arguments; the policy layer never sees them and its answers carry none.
        string[] schemaWords = ["inputSchema", "properties", "required", "secret_path", "admin_override", "\"type\":\"object\""];
        var time = new FakeTimeProvider(At.June(6, 12));
        var store = new MemoryRateLimitStore(time);
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Ro", allowed: ["read_*"], denied: ["read_secret*"]);
            o.Define("Bh", roles: ["bh"]).Extends = "BusinessHours";
            PolicyDefinition limited = o.Define("Lim", roles: ["lim"]);
            limited.Limit("1/hour");
            o.DefaultPolicy = "Ro";
        });
        store.Acquire(set.ByName["Lim"], Agent, "delete_file");
        BlockedAnswer[] answers =
        [
            Refuse(set, "read_secret_file", time.GetUtcNow()),
            Refuse(set, "delete_file", time.GetUtcNow()),
            Refuse(set, "delete_file", time.GetUtcNow(), Agents.Named("b", "bh")),
            PolicyAnswers.RateLimited(store.Acquire(set.ByName["Lim"], Agent, "delete_file"), "delete_file", set.ByName["Lim"]),
            PolicyAnswers.StoreUnavailable("delete_file"),
        ];

        foreach (BlockedAnswer answer in answers)
        {
            JsonNode response = await BlockedAnswers.WriteAsync(answer);
            string written = response.ToJsonString();
            Assert.Empty(Block(response)["blocked_args"]!.AsArray());
            foreach (string word in schemaWords)
            {
                Assert.DoesNotContain(word, written, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_policy_reason_has_its_wire_name()
    {
        Assert.Equal("policy_violation", BlockReason.PolicyViolation.ToWireName());
        Assert.Equal("time_restricted", BlockReason.TimeRestricted.ToWireName());
        Assert.Equal("rate_limit", BlockReason.RateLimit.ToWireName());
        Assert.Equal("rate_limit_unavailable", BlockReason.RateLimitUnavailable.ToWireName());
    }

    [Fact]
    public async Task The_answer_is_the_json_rpc_result_for_the_request_id()
    {
        JsonNode response = await BlockedAnswers.WriteAsync(PolicyAnswers.StoreUnavailable("add"));

        Assert.Equal("2.0", (string?)response["jsonrpc"]);
        Assert.Equal(JsonValueKind.Number, response["id"]!.GetValueKind());
        Assert.Null(response["error"]);
    }
}
