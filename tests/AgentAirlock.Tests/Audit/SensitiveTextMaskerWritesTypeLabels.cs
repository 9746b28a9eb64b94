using AgentAirlock.Sanitization;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Audit;

/// <summary>
/// <see cref="SensitiveTextMasker"/> replaces each value the sanitizer's detectors find by its type label and leaves
/// clean text as it is.
/// </summary>
public sealed class SensitiveTextMaskerWritesTypeLabels
{
    private static SensitiveTextMasker Masker() => new();

    [Theory]
    [InlineData("john.doe@example.com", "[EMAIL]")]
    [InlineData("contact john.doe@example.com today", "contact [EMAIL] today")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "[AWS_ACCESS_KEY_ID]")]
    [InlineData("key=AKIAIOSFODNN7EXAMPLE;", "key=[AWS_ACCESS_KEY_ID];")]
    [InlineData("ghp_{36}", "[GITHUB_TOKEN]")]
    [InlineData("a ghp_{36} and bob@example.org", "a [GITHUB_TOKEN] and [EMAIL]")]
    public void Findings_become_their_type_label(string text, string expected)
    {
        Assert.True(Masker().TryMask(Expand(text), out string masked));

        Assert.Equal(expected, masked);
    }

    [Theory]
    [InlineData("get_customer")]
    [InlineData("tools/call")]
    [InlineData("Zoë – 東京")]
    [InlineData("")]
    public void Clean_text_is_returned_as_the_same_instance(string text)
    {
        Assert.False(Masker().TryMask(text, out string masked));

        Assert.Same(text, masked);
    }

    [Theory]
    [InlineData("4111 1111 1111 1111", "[CREDIT_CARD]")]
    [InlineData("from 192.168.10.20", "from [IP_ADDRESS]")]
    public void Other_types_of_the_sanitizer_are_masked_too(string text, string expected)
    {
        Assert.True(Masker().TryMask(text, out string masked));

        Assert.Equal(expected, masked);
    }

    [Fact]
    public void Masking_from_many_threads_gives_each_text_its_own_result()
    {
        SensitiveTextMasker masker = Masker();
        string[] results = new string[400];

        Parallel.For(0, results.Length, i =>
        {
            string text = i % 2 == 0 ? $"user{i}@example.com #{i}" : $"plain text {i}";
            masker.TryMask(text, out results[i]);
        });

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? $"[EMAIL] #{i}" : $"plain text {i}", results[i]);
        }
    }
}
