using AgentAirlock.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Tests.Policy;

public sealed class PolicyErrorsNameTheKey
{
    private const string ReaderKeyHash = "6d6c5d4f6ad4c7b61a1a5b1b8d3e1f8f9c2d0a4e5b6c7d8e9f0a1b2c3d4e5f60";

    private static string Single(Action<PolicyOptions> configure) => Assert.Single(Policies.Errors(configure));

    [Fact]
    public void A_bad_allowed_glob_names_its_index()
    {
        Assert.Equal(
            "Airlock:Policy:Policies:Ops:AllowedTools:1: '[abc' is not a valid glob: '[' at position 1 has no closing ']'.",
            Single(o => o.Define("Ops", allowed: ["read_*", "[abc"])));
    }

    [Fact]
    public void A_bad_denied_glob_names_its_index()
    {
        Assert.Equal(
            "Airlock:Policy:Policies:Ops:DeniedTools:0: ']x' is not a valid glob: ']' at position 1 has no opening '['.",
            Single(o => o.Define("Ops", denied: ["]x"])));
    }

    [Fact]
    public void An_empty_glob_names_its_index()
    {
        Assert.Equal(
            "Airlock:Policy:Policies:Ops:AllowedTools:0: '' is not a valid glob: a glob may not be empty.",
            Single(o => o.Define("Ops", allowed: [""])));
    }

    [Fact]
    public void A_bad_window_names_the_window()
    {
        Assert.Equal(
            "Airlock:Policy:Policies:Ops:TimeWindows:0: '9:00-17:00' is not a window of the form HH:MM-HH:MM (two digits each, 00:00 to 23:59).",
            Single(o => o.Define("Ops").Window("9:00-17:00")));
    }

    [Fact]
    public void A_bad_day_names_the_window_by_its_index()
    {
        string error = Single(o =>
        {
            PolicyDefinition ops = o.Define("Ops");
            ops.Window("09:00-17:00");
            ops.Window("09:00-17:00", days: ["Mon", "Someday"]);
        });

        Assert.Equal("Airlock:Policy:Policies:Ops:TimeWindows:1: 'Someday' is not a day of the week (Mon … Sun).", error);
    }

    [Fact]
    public void An_unknown_time_zone_names_the_window()
    {
        string error = Single(o => o.Define("Ops").Window("09:00-17:00", timeZone: "Europe/Atlantis"));

        Assert.StartsWith("Airlock:Policy:Policies:Ops:TimeWindows:0: 'Europe/Atlantis' is not a time zone known on this machine", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_glob_of_a_window_names_the_window_tool()
    {
        string error = Single(o => o.Define("Ops").Window("09:00-17:00", tools: ["ok_*", "[z-a]"]));

        Assert.Equal("Airlock:Policy:Policies:Ops:TimeWindows:0:Tools:1: '[z-a]' is not a valid glob: the range 'z-a' runs backwards.", error);
    }

    [Fact]
    public void A_bad_rate_names_the_limit()
    {
        Assert.Equal(
            "Airlock:Policy:Policies:Ops:RateLimits:0:Limit: 'week' in '100/week' is not a period (second, minute, hour or day).",
            Single(o => o.Define("Ops").Limit("100/week")));
    }

    [Fact]
    public void A_fractional_rate_names_the_limit_by_its_index()
    {
        string error = Single(o =>
        {
            PolicyDefinition ops = o.Define("Ops");
            ops.Limit("10/hour");
            ops.Limit("10.5/hour");
        });

        Assert.StartsWith("Airlock:Policy:Policies:Ops:RateLimits:1:Limit: '10.5/hour' is not a rate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_glob_of_a_limit_names_the_limit_tool()
    {
        Assert.StartsWith(
            "Airlock:Policy:Policies:Ops:RateLimits:0:Tools:0: '[' is not a valid glob",
            Single(o => o.Define("Ops").Limit("10/hour", RateLimitScope.PerAgent, "[")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_default_policy_names_the_default_policy_and_the_known_ones()
    {
        string error = Single(o =>
        {
            o.Define("Mine");
            o.DefaultPolicy = "Nope";
        });

        Assert.Equal(
            "Airlock:Policy:DefaultPolicy names 'Nope', which is neither a predefined policy nor one of Airlock:Policy:Policies (known: BusinessHours, Mine, Permissive, ReadOnly, Strict).",
            error);
    }

    [Fact]
    public void Policy_names_are_case_sensitive()
    {
        Assert.StartsWith("Airlock:Policy:DefaultPolicy names 'readonly'", Single(o => o.DefaultPolicy = "readonly"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_role_names_its_index()
    {
        Assert.Equal("Airlock:Policy:Policies:Ops:Roles:1 is empty.", Single(o => o.Define("Ops", roles: ["ops", " "])));
    }

    [Fact]
    public void A_policy_without_a_name_is_refused()
    {
        Assert.Equal("Airlock:Policy:Policies has a policy without a name.", Single(o => o.Define(" ")));
    }

    [Theory]
    [InlineData("airlock-demo-reader")]
    [InlineData("6d6c5d4f6ad4c7b61a1a5b1b8d3e1f8f9c2d0a4e5b6c7d8e9f0a1b2c3d4e5f6")]
    [InlineData("6d6c5d4f6ad4c7b61a1a5b1b8d3e1f8f9c2d0a4e5b6c7d8e9f0a1b2c3d4e5f600")]
    [InlineData("zz6c5d4f6ad4c7b61a1a5b1b8d3e1f8f9c2d0a4e5b6c7d8e9f0a1b2c3d4e5f60")]
    [InlineData("")]
    public void An_api_key_that_is_not_a_sha256_hash_names_its_key(string sha256)
    {
        string error = Single(o => o.Identity.ApiKeys["reader"] = new ApiKeyOptions { Sha256 = sha256, AgentId = "reader" });

        Assert.Equal(
            "Airlock:Policy:Identity:ApiKeys:reader:Sha256 must be the SHA-256 hash of the key as 64 hexadecimal digits (never the key itself).",
            error);
    }

    [Fact]
    public void The_error_of_a_plain_text_key_never_repeats_the_key()
    {
        string error = Single(o => o.Identity.ApiKeys["reader"] = new ApiKeyOptions { Sha256 = "s3cr3t-pl41n-k3y", AgentId = "reader" });

        Assert.DoesNotContain("s3cr3t-pl41n-k3y", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_key_without_an_agent_names_its_agent_id()
    {
        Assert.Equal(
            "Airlock:Policy:Identity:ApiKeys:reader:AgentId may not be empty.",
            Single(o => o.Identity.ApiKeys["reader"] = new ApiKeyOptions { Sha256 = ReaderKeyHash }));
    }

    [Fact]
    public void Hashes_in_upper_or_lower_case_are_accepted()
    {
        Policies.Compile(o => o.Identity.ApiKeys["lower"] = new ApiKeyOptions { Sha256 = ReaderKeyHash, AgentId = "a" });
        Policies.Compile(o => o.Identity.ApiKeys["upper"] = new ApiKeyOptions { Sha256 = ReaderKeyHash.ToUpperInvariant(), AgentId = "b" });
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Empty_claim_types_name_their_keys(string claimType)
    {
        List<string> errors = Policies.Errors(o =>
        {
            o.Identity.AgentIdClaimType = claimType;
            o.Identity.RoleClaimType = claimType;
        });

        Assert.Equal(
            ["Airlock:Policy:Identity:AgentIdClaimType may not be empty.", "Airlock:Policy:Identity:RoleClaimType may not be empty."],
            errors);
    }

    [Fact]
    public void A_redis_store_without_a_connection_names_the_redis_configuration()
    {
        Assert.Equal(
            "Airlock:Policy:Redis:Configuration is required when Airlock:Policy:RateLimitStore is Redis.",
            Single(o => o.RateLimitStore = RateLimitStoreKind.Redis));
    }

    [Theory]
    [InlineData("127.0.0.1:6379,foo=bar", "foo")]
    [InlineData("127.0.0.1:6379,connectTimeout=soon", "connectTimeout")]
    public void A_redis_configuration_that_does_not_parse_names_the_key_and_the_option(string configuration, string option)
    {
        string error = Single(o =>
        {
            o.RateLimitStore = RateLimitStoreKind.Redis;
            o.Redis.Configuration = configuration;
        });

        Assert.StartsWith("Airlock:Policy:Redis:Configuration is not a StackExchange.Redis configuration string: ", error, StringComparison.Ordinal);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_too_fine_grained_for_the_redis_store_names_its_key_only_when_redis_is_the_store()
    {
        static void Configure(PolicyOptions o, RateLimitStoreKind store)
        {
            o.RateLimitStore = store;
            o.Redis.Configuration = "127.0.0.1:6379";
            o.Policies["Busy"] = new PolicyDefinition { RateLimits = { new RateLimitOptions { Limit = "999999937/day" } } };
        }

        string error = Single(o => Configure(o, RateLimitStoreKind.Redis));
        Policies.Compile(o => Configure(o, RateLimitStoreKind.Memory));

        Assert.StartsWith("Airlock:Policy:Policies:Busy:RateLimits:0:Limit: '999999937/day' is too fine-grained for the Redis store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_api_keys_with_the_same_hash_name_both_keys()
    {
        string error = Single(o =>
        {
            o.Identity.ApiKeys["first"] = new ApiKeyOptions { Sha256 = ReaderKeyHash, AgentId = "one" };
            o.Identity.ApiKeys["second"] = new ApiKeyOptions { Sha256 = ReaderKeyHash.ToUpperInvariant(), AgentId = "two" };
        });

        Assert.Equal(
            "Airlock:Policy:Identity:ApiKeys:second:Sha256 is the same hash as Airlock:Policy:Identity:ApiKeys:first:Sha256; each key must identify one caller.",
            error);
    }

    [Fact]
    public void A_memory_store_needs_no_redis_connection()
    {
        Policies.Compile(o => o.RateLimitStore = RateLimitStoreKind.Memory);
        Policies.Compile(o =>
        {
            o.RateLimitStore = RateLimitStoreKind.Redis;
            o.Redis.Configuration = "127.0.0.1:6379";
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60_001)]
    public void A_redis_timeout_out_of_range_names_the_timeout(int milliseconds)
    {
        Assert.StartsWith(
            "Airlock:Policy:Redis:TimeoutMilliseconds must be between 1 and 60000",
            Single(o => o.Redis.TimeoutMilliseconds = milliseconds),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        List<string> errors = Policies.Errors(o =>
        {
            PolicyDefinition ops = o.Define("Ops", allowed: ["[abc"], denied: ["]x"]);
            ops.Window("24:00-17:00");
            ops.Limit("0.5/hour");
            o.DefaultPolicy = "Nope";
            o.Identity.ApiKeys["k"] = new ApiKeyOptions { Sha256 = "plain", AgentId = "a" };
            o.RateLimitStore = RateLimitStoreKind.Redis;
        });

        Assert.Equal(7, errors.Count);
        string[] keys =
        [
            "Airlock:Policy:Policies:Ops:AllowedTools:0:",
            "Airlock:Policy:Policies:Ops:DeniedTools:0:",
            "Airlock:Policy:Policies:Ops:TimeWindows:0:",
            "Airlock:Policy:Policies:Ops:RateLimits:0:Limit:",
            "Airlock:Policy:DefaultPolicy ",
            "Airlock:Policy:Identity:ApiKeys:k:Sha256 ",
            "Airlock:Policy:Redis:Configuration ",
        ];
        foreach (string key in keys)
        {
            Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_options_validator_reports_policy_errors()
    {
        var options = new AirlockOptions();
        options.Policy.Define("Ops", allowed: ["[abc"]);

        ValidateOptionsResult result = new AirlockOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);

        Assert.True(result.Failed);
        Assert.StartsWith("Airlock:Policy:Policies:Ops:AllowedTools:0: ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_validator_accepts_the_defaults()
    {
        Assert.True(new AirlockOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, new AirlockOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Airlock:Policy:Policies:Ops:AllowedTools:0", "[abc", "Airlock:Policy:Policies:Ops:AllowedTools:0: ")]
    [InlineData("Airlock:Policy:Policies:Ops:DeniedTools:0", "[z-a]", "Airlock:Policy:Policies:Ops:DeniedTools:0: ")]
    [InlineData("Airlock:Policy:Policies:Ops:TimeWindows:0:Window", "09:00 - 17:00", "Airlock:Policy:Policies:Ops:TimeWindows:0: ")]
    [InlineData("Airlock:Policy:Policies:Ops:TimeWindows:0:TimeZone", "Mars/Base", "Airlock:Policy:Policies:Ops:TimeWindows:0: ")]
    [InlineData("Airlock:Policy:Policies:Ops:RateLimits:0:Limit", "100/week", "Airlock:Policy:Policies:Ops:RateLimits:0:Limit: ")]
    [InlineData("Airlock:Policy:DefaultPolicy", "Nope", "Airlock:Policy:DefaultPolicy ")]
    [InlineData("Airlock:Policy:Policies:Ops:Extends", "Nope", "Airlock:Policy:Policies:Ops:Extends ")]
    [InlineData("Airlock:Policy:Identity:ApiKeys:reader:Sha256", "airlock-demo-reader", "Airlock:Policy:Identity:ApiKeys:reader:Sha256 ")]
    [InlineData("Airlock:Policy:RateLimitStore", "Redis", "Airlock:Policy:Redis:Configuration ")]
    public void A_bad_configuration_value_stops_the_start_naming_its_key(string key, string value, string expectedStart)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Airlock:Policy:Policies:Ops:AllowedTools:0"] = "read_*",
            ["Airlock:Policy:Policies:Ops:TimeWindows:0:Window"] = "09:00-17:00",
            ["Airlock:Policy:Policies:Ops:RateLimits:0:Limit"] = "10/minute",
            ["Airlock:Policy:Identity:ApiKeys:reader:Sha256"] = ReaderKeyHash,
            ["Airlock:Policy:Identity:ApiKeys:reader:AgentId"] = "reader",
            [key] = value,
        };
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAirlock(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        string problem = Assert.Single(failure.Failures);
        Assert.StartsWith(expectedStart, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_policy_configuration_starts()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Airlock:Policy:DefaultPolicy"] = "Reader",
            ["Airlock:Policy:Policies:Reader:Extends"] = "ReadOnly",
            ["Airlock:Policy:Policies:Reader:Roles:0"] = "reader",
            ["Airlock:Policy:Policies:Reader:RateLimits:0:Limit"] = "30/minute",
            ["Airlock:Policy:Policies:Reader:RateLimits:0:Scope"] = "PerAgentAndTool",
            ["Airlock:Policy:Policies:Admin:Roles:0"] = "admin",
            ["Airlock:Policy:Policies:Admin:TimeWindows:0:Tools:0"] = "delete_record",
            ["Airlock:Policy:Policies:Admin:TimeWindows:0:Window"] = "09:00-17:00",
            ["Airlock:Policy:Policies:Admin:TimeWindows:0:Days:0"] = "Mon",
            ["Airlock:Policy:Policies:Admin:TimeWindows:0:TimeZone"] = "Europe/Berlin",
            ["Airlock:Policy:Identity:ApiKeys:reader:Sha256"] = ReaderKeyHash,
            ["Airlock:Policy:Identity:ApiKeys:reader:AgentId"] = "reader",
            ["Airlock:Policy:Identity:ApiKeys:reader:Roles:0"] = "reader",
        };
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAirlock(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        AirlockOptions options = provider.GetRequiredService<IOptions<AirlockOptions>>().Value;
        var errors = new List<string>();
        PolicySet? set = PolicySet.Compile(options.Policy, errors);
        Assert.NotNull(set);
        Assert.Equal("Reader", set.Default.Name);
        Assert.Equal(RateLimitScope.PerAgentAndTool, Assert.Single(set.Default.Rates).Scope);
        Assert.True(set.TryGetRolePolicies("admin", out CompiledPolicy[]? admin));
        Assert.Equal("09:00-17:00 Mon (Europe/Berlin)", Assert.Single(admin[0].Windows).Window.Text);
    }
}
