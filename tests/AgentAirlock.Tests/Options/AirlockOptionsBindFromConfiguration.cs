using AgentAirlock.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Tests.Options;

public sealed class AirlockOptionsBindFromConfiguration
{
    private static AirlockOptions Bind(Dictionary<string, string?> values)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAirlock(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AirlockOptions>>().Value;
    }

    [Fact]
    public void Every_key_binds_from_its_configuration_path()
    {
        AirlockOptions options = Bind(new()
        {
            ["Airlock:Enabled"] = "false",
            ["Airlock:Envelope:MaxRequestBytes"] = "2048",
            ["Airlock:Envelope:MaxDepth"] = "12",
            ["Airlock:Envelope:AllowedOrigins:0"] = "https://app.example.com",
            ["Airlock:Envelope:AllowedOrigins:1"] = "*",
            ["Airlock:Validation:UnknownArguments"] = "StripSilently",
            ["Airlock:Validation:StrictTypes"] = "false",
            ["Airlock:Validation:PerTool:add:UnknownArguments"] = "Strip",
            ["Airlock:Validation:PerTool:search_documents:StrictTypes"] = "true",
        });

        Assert.False(options.Enabled);
        Assert.Equal(2048, options.Envelope.MaxRequestBytes);
        Assert.Equal(12, options.Envelope.MaxDepth);
        Assert.Equal(["https://app.example.com", "*"], options.Envelope.AllowedOrigins);
        Assert.Equal(UnknownArgumentsMode.StripSilently, options.Validation.UnknownArguments);
        Assert.False(options.Validation.StrictTypes);
        Assert.Equal(UnknownArgumentsMode.Strip, options.Validation.PerTool["add"].UnknownArguments);
        Assert.Null(options.Validation.PerTool["add"].StrictTypes);
        Assert.True(options.Validation.PerTool["search_documents"].StrictTypes);
        Assert.Null(options.Validation.PerTool["search_documents"].UnknownArguments);
    }

    [Fact]
    public void Unset_keys_keep_their_defaults()
    {
        AirlockOptions options = Bind([]);

        Assert.True(options.Enabled);
        Assert.Equal(1024 * 1024, options.Envelope.MaxRequestBytes);
        Assert.Equal(32, options.Envelope.MaxDepth);
        Assert.Empty(options.Envelope.AllowedOrigins);
        Assert.Equal(UnknownArgumentsMode.Reject, options.Validation.UnknownArguments);
        Assert.True(options.Validation.StrictTypes);
        Assert.Empty(options.Validation.PerTool);
    }

    [Theory]
    [InlineData("reject", UnknownArgumentsMode.Reject)]
    [InlineData("STRIP", UnknownArgumentsMode.Strip)]
    [InlineData("stripSilently", UnknownArgumentsMode.StripSilently)]
    public void Enum_names_bind_in_any_case(string value, UnknownArgumentsMode mode)
    {
        Assert.Equal(mode, Bind(new() { ["Airlock:Validation:UnknownArguments"] = value }).Validation.UnknownArguments);
    }

    [Fact]
    public void Per_tool_names_are_exact_tool_names()
    {
        AirlockOptions options = Bind(new() { ["Airlock:Validation:PerTool:Add:StrictTypes"] = "false" });

        Assert.True(options.Validation.PerTool.ContainsKey("Add"));
        Assert.False(options.Validation.PerTool.ContainsKey("add"));
    }

    [Fact]
    public void An_invalid_value_fails_with_a_message_naming_the_key()
    {
        OptionsValidationException exception = Assert.Throws<OptionsValidationException>(() =>
            Bind(new() { ["Airlock:Envelope:MaxDepth"] = "0", ["Airlock:Envelope:AllowedOrigins:0"] = "example.com" }));

        Assert.Contains("Airlock:Envelope:MaxDepth", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Airlock:Envelope:AllowedOrigins:0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_variable_in_the_standard_form_overrides_a_key()
    {
        const string Prefix = "AIRLOCK_UNIT_TEST_";
        Environment.SetEnvironmentVariable(Prefix + "Airlock__Envelope__MaxDepth", "17");
        try
        {
            IConfiguration configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Airlock:Envelope:MaxDepth"] = "12" })
                .AddEnvironmentVariables(Prefix)
                .Build();
            var services = new ServiceCollection();
            services.AddAirlock(configuration);
            using ServiceProvider provider = services.BuildServiceProvider();

            Assert.Equal(17, provider.GetRequiredService<IOptions<AirlockOptions>>().Value.Envelope.MaxDepth);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Prefix + "Airlock__Envelope__MaxDepth", null);
        }
    }

    [Fact]
    public void Options_configured_in_code_are_validated_too()
    {
        var services = new ServiceCollection();
        services.AddAirlock(o => o.Envelope.MaxRequestBytes = -5);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AirlockOptions>>().Value);

        Assert.Contains("Airlock:Envelope:MaxRequestBytes", exception.Message, StringComparison.Ordinal);
    }
}
