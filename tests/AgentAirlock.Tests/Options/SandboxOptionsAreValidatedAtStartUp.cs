using AgentAirlock.Sandbox;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Tests.Options;

public sealed class SandboxOptionsAreValidatedAtStartUp
{
    private static string SingleFailure(Action<SandboxOptions> configure)
    {
        var options = new AirlockOptions();
        configure(options.Sandbox);
        ValidateOptionsResult result = new AirlockOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        Assert.True(result.Failed, "expected a failure");
        return Assert.Single(result.Failures!);
    }

    [Theory]
    [InlineData("TimeoutSeconds")]
    [InlineData("MemoryMb")]
    [InlineData("CpuSeconds")]
    public void A_limit_below_its_minimum_names_its_key(string key)
    {
        string failure = SingleFailure(o =>
        {
            switch (key)
            {
                case "TimeoutSeconds": o.TimeoutSeconds = 0; break;
                case "MemoryMb": o.MemoryMb = 8; break;
                default: o.CpuSeconds = -1; break;
            }
        });

        Assert.StartsWith($"Airlock:Sandbox:{key} must be ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_tool_glob_names_its_index()
    {
        string failure = SingleFailure(o => o.Tools.Add("read_[abc"));

        Assert.StartsWith("Airlock:Sandbox:Tools:0 is not a valid glob", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("/tmp/data")]
    [InlineData("/tool")]
    [InlineData("/opt")]
    [InlineData("/")]
    [InlineData("/data/../etc")]
    public void A_mount_over_the_sandboxes_own_layout_or_not_absolute_is_refused(string inside)
    {
        string failure = SingleFailure(o => o.Bubblewrap.ReadOnlyPaths["samples/data"] = inside);

        Assert.StartsWith("Airlock:Sandbox:Bubblewrap:ReadOnlyPaths:samples/data must map to an absolute path", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/data")]
    [InlineData("/srv/reports/")]
    public void A_mount_of_its_own_is_accepted(string inside)
    {
        var options = new AirlockOptions();
        options.Sandbox.Bubblewrap.ReadOnlyPaths["samples/data"] = inside;

        Assert.True(new AirlockOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void An_environment_variable_name_with_an_equals_sign_is_refused()
    {
        string failure = SingleFailure(o => o.Bubblewrap.Environment["A=B"] = "x");

        Assert.Contains("'A=B'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_e2b_backend_needs_a_template()
    {
        string failure = SingleFailure(o => o.Backend = SandboxBackend.E2B);

        Assert.StartsWith("Airlock:Sandbox:E2B:Template ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_e2b_url_must_be_absolute_http()
    {
        string failure = SingleFailure(o => o.E2B.ApiUrl = "ftp://api.example");

        Assert.StartsWith("Airlock:Sandbox:E2B:ApiUrl ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_backend_is_refused()
    {
        string failure = SingleFailure(o => o.Backend = (SandboxBackend)7);

        Assert.StartsWith("Airlock:Sandbox:Backend ", failure, StringComparison.Ordinal);
    }
}
