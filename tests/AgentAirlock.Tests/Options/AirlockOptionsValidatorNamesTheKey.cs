using AgentAirlock.Validation;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Tests.Options;

public sealed class AirlockOptionsValidatorNamesTheKey
{
    private static ValidateOptionsResult Validate(Action<AirlockOptions> configure)
    {
        var options = new AirlockOptions();
        configure(options);
        return new AirlockOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
    }

    private static string SingleFailure(Action<AirlockOptions> configure)
    {
        ValidateOptionsResult result = Validate(configure);
        Assert.True(result.Failed);
        return Assert.Single(result.Failures!);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(256L * 1024 * 1024 + 1)]
    [InlineData(long.MaxValue)]
    public void A_body_limit_out_of_range_names_max_request_bytes(long value)
    {
        string failure = SingleFailure(o => o.Envelope.MaxRequestBytes = value);

        Assert.StartsWith("Airlock:Envelope:MaxRequestBytes ", failure, StringComparison.Ordinal);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(256L * 1024 * 1024)]
    public void Body_limits_at_the_edges_are_valid(long value)
    {
        Assert.True(Validate(o => o.Envelope.MaxRequestBytes = value).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(257)]
    public void A_depth_out_of_range_names_max_depth(int value)
    {
        Assert.StartsWith("Airlock:Envelope:MaxDepth ", SingleFailure(o => o.Envelope.MaxDepth = value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/path")]
    [InlineData("https://app.example.com/?q=1")]
    [InlineData("ftp://files.example.com")]
    [InlineData("null")]
    [InlineData("")]
    public void An_allowed_origin_that_is_not_an_origin_is_named_by_its_index(string origin)
    {
        string failure = SingleFailure(o =>
        {
            o.Envelope.AllowedOrigins.Add("https://ok.example.com");
            o.Envelope.AllowedOrigins.Add(origin);
        });

        Assert.StartsWith("Airlock:Envelope:AllowedOrigins:1 ", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("http://localhost:3000")]
    [InlineData("https://app.example.com")]
    [InlineData("https://app.example.com/")]
    public void Origins_and_the_star_are_valid(string origin)
    {
        Assert.True(Validate(o => o.Envelope.AllowedOrigins.Add(origin)).Succeeded);
    }

    [Fact]
    public void A_per_tool_entry_without_a_name_names_per_tool()
    {
        string failure = SingleFailure(o => o.Validation.PerTool[" "] = new ToolValidationOptions { StrictTypes = false });

        Assert.StartsWith("Airlock:Validation:PerTool ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_failure_is_reported_at_once()
    {
        ValidateOptionsResult result = Validate(o =>
        {
            o.Envelope.MaxRequestBytes = 0;
            o.Envelope.MaxDepth = 0;
            o.Envelope.AllowedOrigins.Add("nope");
        });

        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains("Airlock:Envelope:MaxRequestBytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Airlock:Envelope:MaxDepth", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Airlock:Envelope:AllowedOrigins:0", result.FailureMessage, StringComparison.Ordinal);
    }
}
