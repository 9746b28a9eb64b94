using AgentAirlock.Policy;

namespace AgentAirlock.Tests.Policy;

public sealed class PolicySetProviderCompilesOncePerOptions
{
    [Fact]
    public void The_same_options_give_the_same_compiled_set()
    {
        var provider = new PolicySetProvider();
        var options = new AirlockOptions();

        Assert.Same(provider.For(options), provider.For(options));
    }

    [Fact]
    public void New_options_are_compiled_again()
    {
        var provider = new PolicySetProvider();
        var before = new AirlockOptions();
        var after = new AirlockOptions();
        after.Policy.DefaultPolicy = "ReadOnly";

        PolicySet first = provider.For(before);
        PolicySet second = provider.For(after);

        Assert.NotSame(first, second);
        Assert.Equal("Permissive", first.Default.Name);
        Assert.Equal("ReadOnly", second.Default.Name);
    }

    [Fact]
    public void Invalid_options_fail_naming_the_key()
    {
        var options = new AirlockOptions();
        options.Policy.DefaultPolicy = "Nope";

        InvalidOperationException failure = Assert.Throws<InvalidOperationException>(() => new PolicySetProvider().For(options));

        Assert.Contains("Airlock:Policy:DefaultPolicy names 'Nope'", failure.Message, StringComparison.Ordinal);
    }
}
