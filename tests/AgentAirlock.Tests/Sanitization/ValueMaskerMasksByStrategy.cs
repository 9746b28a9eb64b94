using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

public sealed class ValueMaskerMasksByStrategy
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string Mask(string value, SensitiveDataType type, MaskingStrategy strategy, byte[]? key = null)
    {
        var output = new ArrayBufferWriter<byte>();
        new ValueMasker(key ?? Key).Write(Encoding.UTF8.GetBytes(value), type, strategy, output);

        // Strict decoding: a mask cut inside a multi-byte sequence fails here.
        return StrictUtf8.GetString(output.WrittenSpan);
    }

    /// <summary>A plausible value of every type, long enough to take its type-specific partial form.</summary>
    public static TheoryData<SensitiveDataType, string> Samples() => new()
    {
        { SensitiveDataType.Email, "john.doe@example.com" },
        { SensitiveDataType.Phone, "(555) 123-4567" },
        { SensitiveDataType.Ssn, "123-45-6789" },
        { SensitiveDataType.PaymentCard, "4111 1111 1111 1111" },
        { SensitiveDataType.IpAddress, "192.168.10.20" },
        { SensitiveDataType.Iban, "DE89 3704 0044 0532 0130 00" },
        { SensitiveDataType.AwsAccessKeyId, "AKIAIOSFODNN7EXAMPLE" },
        { SensitiveDataType.AwsSecretAccessKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { SensitiveDataType.GitHubToken, "ghp_16C7e42F292c6912E7710c838347Ae178B4a" },
        { SensitiveDataType.SlackToken, "xoxb-1234567890-0987654321-AbCdEfGhIjKl" },
        { SensitiveDataType.SlackWebhook, "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX" },
        { SensitiveDataType.StripeKey, "sk_live_4eC39HqLyjWDarjtT1zdp7dc" },
        { SensitiveDataType.GoogleApiKey, "AIzaSyA1234567890abcdefghijklmnopqrstu" },
        { SensitiveDataType.OpenAIKey, "sk-proj-abcdefghijklmnop123456" },
        { SensitiveDataType.AnthropicKey, "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123" },
        { SensitiveDataType.Jwt, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl" },
        { SensitiveDataType.PrivateKey, "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----" },
        { SensitiveDataType.ConnectionString, "s3cr3t-Passw0rd" },
        { SensitiveDataType.Password, "hunter2hunter2" },
        { SensitiveDataType.BearerToken, "abc123def456ghi789jkl" },
    };

    [Fact]
    public void Every_type_has_a_sample()
    {
        Assert.Equal(Enum.GetValues<SensitiveDataType>().Length, Samples().Count);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Full_writes_redacted_whatever_the_type(SensitiveDataType type, string value)
    {
        Assert.Equal("[REDACTED]", Mask(value, type, MaskingStrategy.Full));
    }

    [Theory]
    [InlineData(SensitiveDataType.Email, "[EMAIL]")]
    [InlineData(SensitiveDataType.PaymentCard, "[CREDIT_CARD]")]
    [InlineData(SensitiveDataType.IpAddress, "[IP_ADDRESS]")]
    [InlineData(SensitiveDataType.AwsAccessKeyId, "[AWS_ACCESS_KEY_ID]")]
    [InlineData(SensitiveDataType.OpenAIKey, "[OPENAI_KEY]")]
    [InlineData(SensitiveDataType.BearerToken, "[BEARER_TOKEN]")]
    public void Type_only_writes_the_label(SensitiveDataType type, string expected)
    {
        Assert.Equal(expected, Mask("some value or other", type, MaskingStrategy.TypeOnly));
    }

    [Fact]
    public void Hash_writes_the_label_and_eight_hex_digits_of_the_keyed_hmac()
    {
        byte[] value = Encoding.UTF8.GetBytes("john.doe@example.com");
        string expected = "[EMAIL:" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, value))[..8] + "]";

        Assert.Equal(expected, Mask("john.doe@example.com", SensitiveDataType.Email, MaskingStrategy.Hash));
        Assert.Matches("^\\[CREDIT_CARD:[0-9a-f]{8}\\]$", Mask("4111 1111 1111 1111", SensitiveDataType.PaymentCard, MaskingStrategy.Hash));
    }

    [Fact]
    public void Hash_is_stable_for_one_key_and_differs_across_keys_and_values()
    {
        byte[] otherKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        string first = Mask("john.doe@example.com", SensitiveDataType.Email, MaskingStrategy.Hash);

        Assert.Equal(first, Mask("john.doe@example.com", SensitiveDataType.Email, MaskingStrategy.Hash));
        Assert.Equal(first, Mask("john.doe@example.com", SensitiveDataType.Email, MaskingStrategy.Hash, (byte[])Key.Clone()));
        Assert.NotEqual(first, Mask("john.doe@example.com", SensitiveDataType.Email, MaskingStrategy.Hash, otherKey));
        Assert.NotEqual(first, Mask("jane.doe@example.com", SensitiveDataType.Email, MaskingStrategy.Hash));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void No_raw_value_survives_full_type_only_or_hash(SensitiveDataType type, string value)
    {
        foreach (MaskingStrategy strategy in new[] { MaskingStrategy.Full, MaskingStrategy.TypeOnly, MaskingStrategy.Hash })
        {
            Assert.DoesNotContain(value, Mask(value, type, strategy), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(SensitiveDataType.Email, "john.doe@example.com", "j***@example.com")]
    [InlineData(SensitiveDataType.Email, "édouard@exemple.fr", "é***@exemple.fr")]
    [InlineData(SensitiveDataType.PaymentCard, "4111 1111 1111 1111", "**** **** **** 1111")]
    [InlineData(SensitiveDataType.PaymentCard, "5500-0000-0000-0004", "**** **** **** 0004")]
    [InlineData(SensitiveDataType.PaymentCard, "378282246310005", "**** **** **** 0005")]
    [InlineData(SensitiveDataType.Phone, "(555) 123-4567", "(***) ***-4567")]
    [InlineData(SensitiveDataType.Phone, "+49 30 1234-0958", "+** ** ****-0958")]
    [InlineData(SensitiveDataType.Phone, "+14155552671", "+*******2671")]
    [InlineData(SensitiveDataType.Ssn, "123-45-6789", "***-**-6789")]
    [InlineData(SensitiveDataType.Ssn, "123456789", "***-**-6789")]
    [InlineData(SensitiveDataType.IpAddress, "192.168.10.20", "192.*.*.*")]
    [InlineData(SensitiveDataType.IpAddress, "2001:db8:85a3::8a2e:370:7334", "2001:****")]
    [InlineData(SensitiveDataType.IpAddress, "::ffff:192.0.2.128", "::****")]
    [InlineData(SensitiveDataType.Iban, "DE89 3704 0044 0532 0130 00", "DE89 **** **** **** **30 00")]
    [InlineData(SensitiveDataType.Iban, "GB82WEST12345698765432", "GB82**************5432")]
    [InlineData(SensitiveDataType.Jwt, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl", "eyJhbGciOi...[JWT]")]
    [InlineData(SensitiveDataType.SlackWebhook, "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXX", "https://hooks.slack.com/...")]
    public void Partial_keeps_the_type_specific_part(SensitiveDataType type, string value, string expected)
    {
        Assert.Equal(expected, Mask(value, type, MaskingStrategy.Partial));
    }

    [Theory]
    [InlineData(SensitiveDataType.AwsAccessKeyId, "AKIAIOSFODNN7EXAMPLE", "AKIAIOS...MPLE")]
    [InlineData(SensitiveDataType.GitHubToken, "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_16C...8B4a")]
    [InlineData(SensitiveDataType.SlackToken, "xoxb-1234567890-0987654321-AbCdEfGhIjKl", "xoxb-12...IjKl")]
    [InlineData(SensitiveDataType.StripeKey, "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live...p7dc")]
    [InlineData(SensitiveDataType.GoogleApiKey, "AIzaSyA1234567890abcdefghijklmnopqrstu", "AIzaSyA...rstu")]
    [InlineData(SensitiveDataType.OpenAIKey, "sk-proj-abcdefghijklmnop123456", "sk-proj...3456")]
    [InlineData(SensitiveDataType.AnthropicKey, "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123", "sk-ant-...0123")]
    public void Partial_api_keys_keep_seven_first_and_four_last_characters(SensitiveDataType type, string value, string expected)
    {
        Assert.Equal(expected, Mask(value, type, MaskingStrategy.Partial));
    }

    [Theory]
    [InlineData("ghp_abcdefghijklmno", "ghp_...")]
    [InlineData("ghp_abcdefghijklmnop", "ghp_abc...mnop")]
    [InlineData("ghp_abcde", "ghp_...")]
    public void Partial_api_keys_under_twenty_characters_keep_only_four_first(string value, string expected)
    {
        Assert.Equal(expected, Mask(value, SensitiveDataType.GitHubToken, MaskingStrategy.Partial));
    }

    [Theory]
    [InlineData(SensitiveDataType.Email, "a@b.io", "******")]
    [InlineData(SensitiveDataType.IpAddress, "10.0.0.1", "********")]
    [InlineData(SensitiveDataType.Phone, "555-1234", "********")]
    [InlineData(SensitiveDataType.OpenAIKey, "sk-1", "****")]
    [InlineData(SensitiveDataType.Email, "é@ü.de", "******")]
    public void Partial_values_of_eight_characters_or_fewer_become_that_many_stars(SensitiveDataType type, string value, string expected)
    {
        Assert.Equal(expected, Mask(value, type, MaskingStrategy.Partial));
    }

    [Theory]
    [InlineData(SensitiveDataType.Password, "hunter2hunter2")]
    [InlineData(SensitiveDataType.Password, "abc")]
    [InlineData(SensitiveDataType.BearerToken, "abc123def456ghi789jkl")]
    [InlineData(SensitiveDataType.PrivateKey, "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----")]
    [InlineData(SensitiveDataType.ConnectionString, "s3cr3t-Passw0rd")]
    [InlineData(SensitiveDataType.AwsSecretAccessKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    public void Partial_shows_nothing_of_credentials_without_a_public_part(SensitiveDataType type, string value)
    {
        Assert.Equal("[REDACTED]", Mask(value, type, MaskingStrategy.Partial));
    }

    [Fact]
    public void Partial_masks_digits_of_any_script_in_phone_numbers()
    {
        // Full-width digits are digits too: were they kept, the number would pass through in another form.
        Assert.Equal("+** ******６７８９", Mask("+４９ ０１２３４５６７８９", SensitiveDataType.Phone, MaskingStrategy.Partial));
    }

    [Fact]
    public void Partial_never_cuts_inside_a_multi_byte_character()
    {
        Assert.Equal("ñññññññ...€😀€😀", Mask("ññññññññññññññññ€😀€😀", SensitiveDataType.OpenAIKey, MaskingStrategy.Partial));
        Assert.Equal("😀😀😀😀...", Mask("😀😀😀😀😀😀😀😀😀😀", SensitiveDataType.OpenAIKey, MaskingStrategy.Partial));
        Assert.Equal("日本語日本語日本語日...[JWT]", Mask("日本語日本語日本語日本語", SensitiveDataType.Jwt, MaskingStrategy.Partial));
    }

    [Theory]
    [InlineData(SensitiveDataType.Email, "no-at-sign-here.example.com")]
    [InlineData(SensitiveDataType.PaymentCard, "card number abc")]
    [InlineData(SensitiveDataType.IpAddress, "not an address")]
    public void Partial_of_a_value_without_its_types_shape_is_redacted(SensitiveDataType type, string value)
    {
        Assert.Equal("[REDACTED]", Mask(value, type, MaskingStrategy.Partial));
    }

    [Fact]
    public void An_unknown_strategy_fails_closed()
    {
        Assert.Equal("[REDACTED]", Mask("john.doe@example.com", SensitiveDataType.Email, (MaskingStrategy)42));
    }

    [Theory]
    [InlineData(SensitiveDataType.Email, MaskingStrategy.Partial)]
    [InlineData(SensitiveDataType.OpenAIKey, MaskingStrategy.Partial)]
    [InlineData(SensitiveDataType.Jwt, MaskingStrategy.Partial)]
    [InlineData(SensitiveDataType.Ssn, MaskingStrategy.Full)]
    [InlineData(SensitiveDataType.Iban, MaskingStrategy.Full)]
    [InlineData(SensitiveDataType.SlackWebhook, MaskingStrategy.Full)]
    [InlineData(SensitiveDataType.Password, MaskingStrategy.Full)]
    public void Defaults_keep_part_of_contact_data_and_api_keys_only(SensitiveDataType type, MaskingStrategy expected)
    {
        Assert.Equal(expected, ValueMasker.DefaultStrategy(type));
    }

    [Fact]
    public void Masking_allocates_nothing()
    {
        var masker = new ValueMasker(Key);
        var output = new ArrayBufferWriter<byte>(4096);
        (byte[] Value, SensitiveDataType Type)[] samples = Samples()
            .Select(row => (Encoding.UTF8.GetBytes((string)row[1]), (SensitiveDataType)row[0]))
            .ToArray();
        MaskingStrategy[] strategies = Enum.GetValues<MaskingStrategy>();

        void MaskAll()
        {
            foreach ((byte[] value, SensitiveDataType type) in samples)
            {
                foreach (MaskingStrategy strategy in strategies)
                {
                    output.ResetWrittenCount();
                    masker.Write(value, type, strategy, output);
                }
            }
        }

        MaskAll();

        // Masking that allocates does so in every attempt; the runtime's own one-off work on this thread (a method moved
        // to its final tier while the test runs) allocated once in a run on a loaded machine, and is not retried.
        long allocated = long.MaxValue;
        for (int attempt = 0; attempt < 3 && allocated != 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                MaskAll();
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }
}
