using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Validation;

/// <summary>
/// Validation of argument shapes the sample does not have: nested objects, data-annotation patterns and ranges,
/// an e-mail format (checked by the full-schema fallback), booleans and wide integers.
/// </summary>
public sealed class ExtraToolsValidationTests(ExtraToolsServers servers) : IClassFixture<ExtraToolsServers>
{
    private TestMcpServer Server => servers.Rejecting;

    private async Task<JsonElement> BlockedAsync(string tool, string arguments, string reason)
    {
        string id = McpHttp.NewId();
        McpAnswer answer = await Server.Client.SendMcpAsync(McpHttp.ToolCall(id, tool, arguments));
        JsonElement block = Blocks.AssertBlocked(answer, tool, reason);
        Assert.False(Server.Calls.Saw(id), "a blocked call reached the SDK");
        return block;
    }

    [Fact]
    public async Task A_ghost_inside_a_nested_object_is_rejected_with_its_path()
    {
        JsonElement block = await BlockedAsync("create_order",
            """{"order":{"sku":"A","quantity":1,"shipTo":{"street":"s","city":"c","zip":"3000"}}}""", "ghost_arguments");

        Assert.Equal(["order.shipTo.zip"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task A_wrong_type_inside_a_nested_object_is_a_validation_error_with_its_path()
    {
        JsonElement block = await BlockedAsync("create_order",
            """{"order":{"sku":"A","quantity":"3","shipTo":{"street":"s","city":"c"}}}""", "validation_error");

        Assert.Equal(["order.quantity"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task A_missing_member_of_a_nested_object_is_a_validation_error()
    {
        JsonElement block = await BlockedAsync("create_order", """{"order":{"sku":"A","quantity":3,"shipTo":{"street":"s"}}}""", "validation_error");

        Assert.Equal(["order.shipTo.city"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task Null_for_a_nested_object_is_a_validation_error()
    {
        JsonElement block = await BlockedAsync("create_order", """{"order":null}""", "validation_error");

        Assert.Equal(["order"], Blocks.BlockedArguments(block));
    }

    [Theory]
    [InlineData("zrh")]
    [InlineData("ZRHX")]
    [InlineData("XZRH")]
    [InlineData("ZR")]
    [InlineData("Z1H")]
    public async Task A_value_that_does_not_match_a_regular_expression_attribute_is_refused(string airport)
    {
        JsonElement block = await BlockedAsync("book_flight", $$"""{"airport":"{{airport}}","seats":1}""", "validation_error");

        Assert.Equal(["airport"], Blocks.BlockedArguments(block));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public async Task A_value_outside_a_range_attribute_is_refused(int seats)
    {
        JsonElement block = await BlockedAsync("book_flight", $$"""{"airport":"ZRH","seats":{{seats}}}""", "validation_error");

        Assert.Equal(["seats"], Blocks.BlockedArguments(block));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    [InlineData("two@@example.com")]
    public async Task A_value_that_is_not_an_email_address_is_refused_by_the_full_schema_fallback(string email)
    {
        JsonElement block = await BlockedAsync("subscribe", JsonSerializer.Serialize(new { email }), "validation_error");

        Assert.Equal(["email"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task A_ghost_next_to_an_email_is_still_a_ghost()
    {
        JsonElement block = await BlockedAsync("subscribe", """{"email":"ada@example.com","list":"all"}""", "ghost_arguments");

        Assert.Equal(["list"], Blocks.BlockedArguments(block));
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("\"yes\"")]
    public async Task Anything_but_a_json_boolean_is_refused_for_a_boolean(string value)
    {
        JsonElement block = await BlockedAsync("toggle", $$"""{"enabled":{{value}}}""", "validation_error");

        Assert.Equal(["enabled"], Blocks.BlockedArguments(block));
    }

    [Theory]
    [InlineData("\"5\"")]
    [InlineData("9223372036854775808")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("1.0")]
    public async Task A_value_the_sdk_could_not_bind_to_a_long_is_refused(string value)
    {
        JsonElement block = await BlockedAsync("measure", $$"""{"count":{{value}},"ratio":1,"amount":1,"label":"x"}""", "validation_error");

        Assert.Equal(["count"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task A_numeric_string_is_refused_for_a_double()
    {
        JsonElement block = await BlockedAsync("measure", """{"count":1,"ratio":"0.5","amount":1,"label":"x"}""", "validation_error");

        Assert.Equal(["ratio"], Blocks.BlockedArguments(block));
    }

    [Fact]
    public async Task Matching_values_pass_the_pattern_range_and_format_checks()
    {
        McpAnswer flight = await Server.Client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "book_flight", """{"airport":"ZRH","seats":2}"""));
        McpAnswer subscription = await Server.Client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "subscribe", """{"email":"ada@example.com"}"""));
        McpAnswer toggle = await Server.Client.SendMcpAsync(McpHttp.ToolCall(McpHttp.NewId(), "toggle", """{"enabled":true}"""));

        Assert.Equal("2 seat(s) to ZRH", Blocks.AssertToolSucceeded(flight));
        Assert.Equal("subscribed a***@example.com", Blocks.AssertToolSucceeded(subscription));
        Assert.Equal("on", Blocks.AssertToolSucceeded(toggle));
    }
}
