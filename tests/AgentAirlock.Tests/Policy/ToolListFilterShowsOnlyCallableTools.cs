using System.Text;
using System.Text.Json;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Policy;

public sealed class ToolListFilterShowsOnlyCallableTools
{
    private static readonly string ReadFile = Json.Q("{'name':'read_file','description':'Reads','inputSchema':{'type':'object','properties':{'path':{'type':'string'}}}}");
    private static readonly string WriteFile = Json.Q("{'name':'write_file','inputSchema':{'type':'object'}}");
    private static readonly string ListTables = Json.Q("{'name':'list_tables','inputSchema':{'type':'object'}}");
    private static readonly string DeleteRecord = Json.Q("{'name':'delete_record','inputSchema':{'type':'object'}}");

    private static (bool Changed, string Output) Filter(string message, PolicySet set, AgentIdentity identity, DateTimeOffset now)
    {
        using JsonDocument document = JsonDocument.Parse(message);
        using var output = new PooledBufferWriter(16);
        bool changed = new ToolListFilter(set, identity, now).Write(document.RootElement, output);
        if (!changed)
        {
            Assert.Equal(0, output.WrittenCount);
        }

        return (changed, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static string ToolsList(params string[] tools) =>
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[" + string.Join(",", tools) + "],\"nextCursor\":\"c2\"}}";

    [Fact]
    public void Tools_the_caller_may_not_call_are_removed_and_every_other_byte_is_kept()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "ReadOnly");

        (bool changed, string output) = Filter(ToolsList(ReadFile, WriteFile, ListTables, DeleteRecord), set, Agents.Named("a"), At.June(1, 12));

        Assert.True(changed);
        Assert.Equal(ToolsList(ReadFile, ListTables), output);
    }

    [Fact]
    public void Whitespace_and_members_around_the_list_are_kept_as_they_came()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "ReadOnly");
        string message = "{ \"jsonrpc\": \"2.0\",\n  \"result\": {\"_meta\": {\"x\": [1, 2]},\n \"tools\": [ " + WriteFile + " ,\n " + ReadFile + " ] ,\"nextCursor\" : null },\n \"id\": \"s-1\" }";

        (bool changed, string output) = Filter(message, set, Agents.Named("a"), At.June(1, 12));

        Assert.True(changed);
        Assert.Equal("{ \"jsonrpc\": \"2.0\",\n  \"result\": {\"_meta\": {\"x\": [1, 2]},\n \"tools\": [" + ReadFile + "] ,\"nextCursor\" : null },\n \"id\": \"s-1\" }", output);
    }

    [Fact]
    public void A_list_the_caller_may_call_entirely_is_left_alone()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "ReadOnly");

        (bool changed, _) = Filter(ToolsList(ReadFile, ListTables), set, Agents.Named("a"), At.June(1, 12));

        Assert.False(changed);
    }

    [Fact]
    public void A_list_of_which_nothing_may_be_called_becomes_empty()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("None").DefaultDeny = true;
            o.DefaultPolicy = "None";
        });

        (bool changed, string output) = Filter(ToolsList(ReadFile, WriteFile), set, Agents.Named("a"), At.June(1, 12));

        Assert.True(changed);
        Assert.Equal(ToolsList(), output);
        using JsonDocument parsed = JsonDocument.Parse(output);
        Assert.Empty(parsed.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray());
    }

    [Fact]
    public void Tools_outside_their_time_window_are_hidden_until_it_opens()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "BusinessHours");
        string message = ToolsList(ReadFile, DeleteRecord);

        Assert.Equal(ToolsList(ReadFile), Filter(message, set, Agents.Named("a"), At.June(6, 12)).Output);
        Assert.False(Filter(message, set, Agents.Named("a"), At.June(1, 12)).Changed);
    }

    [Fact]
    public void The_list_follows_the_callers_roles()
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("Reader", roles: ["reader"]).Extends = "ReadOnly";
            o.Define("Admin", roles: ["admin"]);
            o.DefaultPolicy = "ReadOnly";
        });
        string message = ToolsList(ReadFile, WriteFile);

        Assert.Equal(ToolsList(ReadFile), Filter(message, set, Agents.Named("r", "reader"), At.June(1, 12)).Output);
        Assert.False(Filter(message, set, Agents.Named("x", "admin"), At.June(1, 12)).Changed);
        Assert.Equal(ToolsList(ReadFile), Filter(message, set, Agents.Anonymous(), At.June(1, 12)).Output);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32603,\"message\":\"x\"}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":{}}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[]}")]
    public void A_message_that_is_not_a_tool_list_is_left_alone(string message)
    {
        PolicySet set = Policies.Compile(o =>
        {
            o.Define("None").DefaultDeny = true;
            o.DefaultPolicy = "None";
        });

        Assert.False(Filter(message, set, Agents.Named("a"), At.June(1, 12)).Changed);
    }

    [Fact]
    public void Entries_without_a_string_name_are_not_shown()
    {
        PolicySet set = Policies.Compile(_ => { });

        (bool changed, string output) = Filter(ToolsList(ReadFile, "{\"name\":7}", "\"read_x\"", "{}"), set, Agents.Named("a"), At.June(1, 12));

        Assert.True(changed);
        Assert.Equal(ToolsList(ReadFile), output);
    }
}
