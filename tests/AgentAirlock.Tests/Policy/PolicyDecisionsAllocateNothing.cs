using AgentAirlock.Policy;
using Microsoft.Extensions.Time.Testing;

namespace AgentAirlock.Tests.Policy;

/// <summary>
/// The allowed path of a policy decision allocates nothing (issue 3, point 9). These are allocation assertions,
/// measured on this thread around many decisions after a warm-up; they say nothing of time.
/// </summary>
public sealed class PolicyDecisionsAllocateNothing
{
    private const int Calls = 2_000;

    private static long AllocatedBy(Action decide)
    {
        for (int i = 0; i < 200; i++)
        {
            decide();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            decide();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static (PolicySet Set, AgentIdentity Identity, string Tool, DateTimeOffset Now) Scenario(string name) => name switch
    {
        "permissive default" => (Policies.Compile(_ => { }), Agents.Named("a"), "read_file", At.June(1, 12)),
        "anonymous caller" => (Policies.Compile(_ => { }), Agents.Anonymous(), "read_file", At.June(1, 12)),
        "allow and deny globs" => (
            Policies.Compile(o => o.DefaultPolicy = "ReadOnly"), Agents.Named("a"), "search_documents", At.June(1, 12)),
        "role policy" => (
            Policies.Compile(o => o.Define("Reader", roles: ["reader"]).Extends = "ReadOnly"),
            Agents.Named("r", "guest", "reader"), "read_file", At.June(1, 12)),
        "refused by one policy then allowed by the next" => (
            Policies.Compile(o =>
            {
                o.Define("Aardvark", denied: ["*"], roles: ["ops"]);
                o.Define("Zebra", roles: ["ops"]);
            }),
            Agents.Named("o", "ops"), "deploy", At.June(1, 12)),
        "open window in utc" => (
            Policies.Compile(o => o.DefaultPolicy = "BusinessHours"), Agents.Named("a"), "delete_record", At.June(1, 10)),
        "window that does not govern the tool" => (
            Policies.Compile(o => o.DefaultPolicy = "BusinessHours"), Agents.Named("a"), "read_file", At.June(1, 20)),
        "open window in berlin" => (
            Policies.Compile(o =>
            {
                o.Define("Berlin").Window("09:00-17:00", tools: ["delete_*"], days: ["Mon"], timeZone: "Europe/Berlin");
                o.DefaultPolicy = "Berlin";
            }),
            Agents.Named("a"), "delete_record", At.June(1, 10)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [InlineData("permissive default")]
    [InlineData("anonymous caller")]
    [InlineData("allow and deny globs")]
    [InlineData("role policy")]
    [InlineData("refused by one policy then allowed by the next")]
    [InlineData("open window in utc")]
    [InlineData("window that does not govern the tool")]
    [InlineData("open window in berlin")]
    public void An_allowed_access_check_allocates_nothing(string scenario)
    {
        (PolicySet set, AgentIdentity identity, string tool, DateTimeOffset now) = Scenario(scenario);
        Assert.True(PolicyEvaluator.Check(set, identity, tool, now).IsAllowed);

        long allocated = AllocatedBy(() => PolicyEvaluator.Check(set, identity, tool, now));

        Assert.True(allocated == 0, $"{allocated} bytes allocated by {Calls} allowed decisions ({scenario})");
    }

    [Fact]
    public void Checking_whether_identity_is_required_allocates_nothing()
    {
        PolicySet set = Policies.Compile(o => o.DefaultPolicy = "Strict");
        AgentIdentity anonymous = Agents.Anonymous();

        long allocated = AllocatedBy(() => PolicyEvaluator.RequiresIdentity(set, anonymous));

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Taking_a_token_from_an_existing_memory_bucket_allocates_nothing()
    {
        var time = new FakeTimeProvider(At.June(1, 12));
        var store = new MemoryRateLimitStore(time);
        CompiledPolicy policy = Policies.Compile(o =>
        {
            PolicyDefinition p = o.Define("Limited");
            p.Limit("1000000000/second");
            p.Limit("1000000000/second", RateLimitScope.PerAgentAndTool, "read_*");
            p.Limit("1000000000/second", RateLimitScope.Global, "write_*");
            o.DefaultPolicy = "Limited";
        }).Default;
        AgentIdentity agent = Agents.Named("a");

        long allocated = AllocatedBy(() => Assert.True(store.Acquire(policy, agent, "read_file").Allowed));

        Assert.True(allocated == 0, $"{allocated} bytes allocated by {Calls} admitted calls");
    }
}
