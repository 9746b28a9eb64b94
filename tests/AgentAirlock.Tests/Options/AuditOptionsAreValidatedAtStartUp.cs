using AgentAirlock.Audit;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Tests.Options;

/// <summary>
/// The <c>Airlock:Audit</c> keys are validated with the rest of the options; each failure names its key (and never
/// echoes a digest key), and valid combinations pass.
/// </summary>
public sealed class AuditOptionsAreValidatedAtStartUp
{
    /// <summary>16 bytes, the shortest key accepted.</summary>
    private static readonly string Key16 = Convert.ToBase64String(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());

    private static ValidateOptionsResult Validate(Action<AuditOptions> configure)
    {
        var options = new AirlockOptions();
        configure(options.Audit);
        return new AirlockOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
    }

    private static string SingleFailure(Action<AuditOptions> configure)
    {
        ValidateOptionsResult result = Validate(configure);
        Assert.True(result.Failed, "expected a failure");
        return Assert.Single(result.Failures!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_path_names_path(string path)
    {
        Assert.StartsWith("Airlock:Audit:Path ", SingleFailure(o => o.Path = path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(1L)]
    [InlineData(4095L)]
    public void A_size_limit_below_4096_other_than_0_names_file_size_limit_bytes(long value)
    {
        string failure = SingleFailure(o => o.FileSizeLimitBytes = value);

        Assert.StartsWith("Airlock:Audit:FileSizeLimitBytes ", failure, StringComparison.Ordinal);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(4096L)]
    [InlineData(long.MaxValue)]
    public void No_limit_and_limits_from_4096_are_valid(long value)
    {
        Assert.True(Validate(o => o.FileSizeLimitBytes = value).Succeeded);
    }

    [Fact]
    public void An_undefined_rolling_interval_names_rolling_interval()
    {
        Assert.StartsWith("Airlock:Audit:RollingInterval ", SingleFailure(o => o.RollingInterval = (AuditRollingInterval)7), StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_failure_mode_names_failure_mode()
    {
        Assert.StartsWith("Airlock:Audit:FailureMode ", SingleFailure(o => o.FailureMode = (AuditFailureMode)(-1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Argument_digests_without_a_key_name_the_digest_key(string? key)
    {
        string failure = SingleFailure(o =>
        {
            o.ArgumentDigests = true;
            o.DigestKey = key;
        });

        Assert.StartsWith("Airlock:Audit:DigestKey ", failure, StringComparison.Ordinal);
        Assert.Contains("Airlock:Audit:ArgumentDigests", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw")] // 16 bytes without its padding
    public void A_digest_key_that_is_not_base64_names_the_digest_key_without_echoing_it(string key)
    {
        string failure = SingleFailure(o =>
        {
            o.ArgumentDigests = true;
            o.DigestKey = key;
        });

        Assert.StartsWith("Airlock:Audit:DigestKey must be base64", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    public void A_digest_key_shorter_than_16_bytes_names_the_digest_key_and_its_length(int bytes)
    {
        string key = Convert.ToBase64String(new byte[bytes]);

        string failure = SingleFailure(o =>
        {
            o.ArgumentDigests = true;
            o.DigestKey = key;
        });

        Assert.StartsWith("Airlock:Audit:DigestKey ", failure, StringComparison.Ordinal);
        Assert.Contains($"holds {bytes}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_digest_key_is_reported_even_while_digests_are_off()
    {
        string failure = SingleFailure(o => o.DigestKey = "short");

        Assert.StartsWith("Airlock:Audit:DigestKey ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Theory]
    [InlineData(AuditRollingInterval.Infinite, AuditFailureMode.Open, 0L)]
    [InlineData(AuditRollingInterval.Day, AuditFailureMode.Closed, 4096L)]
    [InlineData(AuditRollingInterval.Hour, AuditFailureMode.Open, 100L * 1024 * 1024)]
    public void Valid_combinations_pass(AuditRollingInterval interval, AuditFailureMode mode, long sizeLimit)
    {
        ValidateOptionsResult result = Validate(o =>
        {
            o.Enabled = true;
            o.Path = "/var/log/airlock/audit.jsonl";
            o.RollingInterval = interval;
            o.FailureMode = mode;
            o.FileSizeLimitBytes = sizeLimit;
            o.ArgumentDigests = true;
            o.DigestKey = Key16;
        });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void A_32_byte_key_with_surrounding_white_space_is_valid()
    {
        string key = " " + Convert.ToBase64String(new byte[32]) + "\n";

        Assert.True(Validate(o =>
        {
            o.ArgumentDigests = true;
            o.DigestKey = key;
        }).Succeeded);
    }

    [Fact]
    public void Every_audit_failure_is_reported_at_once()
    {
        ValidateOptionsResult result = Validate(o =>
        {
            o.Path = "";
            o.RollingInterval = (AuditRollingInterval)9;
            o.FileSizeLimitBytes = 10;
            o.FailureMode = (AuditFailureMode)9;
            o.ArgumentDigests = true;
        });

        Assert.Equal(
            ["Airlock:Audit:Path", "Airlock:Audit:RollingInterval", "Airlock:Audit:FileSizeLimitBytes", "Airlock:Audit:FailureMode", "Airlock:Audit:DigestKey"],
            result.Failures!.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
    }
}
