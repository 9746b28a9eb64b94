using System.Security.Cryptography;
using System.Text;
using AgentAirlock.Policy;

namespace AgentAirlock.Tests.Policy;

public sealed class ApiKeyDigestsAreSha256
{
    internal static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static byte[] Compute(string key)
    {
        byte[] digest = new byte[ApiKeyDigest.Length];
        ApiKeyDigest.Compute(key, digest);
        return digest;
    }

    [Theory]
    [InlineData("airlock-demo-reader")]
    [InlineData("airlock-demo-admin")]
    [InlineData("")]
    [InlineData("kl\u00fcssel-\u00e9\u00e8-\U0001F511")]
    public void A_key_is_hashed_as_its_utf8_bytes(string key)
    {
        Assert.Equal(Sha256Hex(key), Convert.ToHexStringLower(Compute(key)));
    }

    [Fact]
    public void The_demo_key_has_the_documented_hash()
    {
        // echo -n airlock-demo-reader | sha256sum
        Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData("airlock-demo-reader"u8)),
            Convert.ToHexStringLower(Compute("airlock-demo-reader")));
    }

    [Theory]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(10_000)]
    public void Long_keys_are_hashed_the_same_way(int length)
    {
        string key = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));

        Assert.Equal(Sha256Hex(key), Convert.ToHexStringLower(Compute(key)));
    }

    [Fact]
    public void Hex_digests_parse_in_either_case()
    {
        string hex = Sha256Hex("k");

        Assert.True(ApiKeyDigest.TryParse(hex, out byte[] lower));
        Assert.True(ApiKeyDigest.TryParse(hex.ToUpperInvariant(), out byte[] upper));
        Assert.Equal(Compute("k"), lower);
        Assert.Equal(lower, upper);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("airlock-demo-reader")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData(" 123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Anything_but_64_hex_digits_is_not_a_digest(string? text)
    {
        Assert.False(ApiKeyDigest.TryParse(text, out byte[] digest));
        Assert.Empty(digest);
    }
}
