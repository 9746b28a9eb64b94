using AgentAirlock.Protocol;

namespace AgentAirlock.Tests.Protocol;

public sealed class OriginPolicyAllowsOnlyKnownOrigins
{
    [Theory]
    [InlineData("http://localhost")]
    [InlineData("http://localhost:3000")]
    [InlineData("https://LOCALHOST:8443")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://127.0.0.2")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://localhost/")]
    public void Loopback_origins_are_allowed_when_none_are_configured(string origin)
    {
        Assert.True(OriginPolicy.IsAllowed(origin, []));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("http://127.0.0.1.nip.io")]
    [InlineData("http://10.0.0.1")]
    [InlineData("null")]
    [InlineData("file://localhost")]
    [InlineData("")]
    [InlineData("localhost")]
    public void Other_origins_are_refused_when_none_are_configured(string origin)
    {
        Assert.False(OriginPolicy.IsAllowed(origin, []));
    }

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("https://APP.example.com")]
    [InlineData("https://app.example.com/")]
    [InlineData("http://tools.example.org:8080")]
    public void Configured_origins_are_allowed(string origin)
    {
        Assert.True(OriginPolicy.IsAllowed(origin, ["https://app.example.com", "http://tools.example.org:8080"]));
    }

    [Theory]
    [InlineData("http://app.example.com")]
    [InlineData("https://app.example.com:444")]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost:3000")]
    [InlineData("null")]
    public void Unconfigured_origins_including_loopback_are_refused_once_a_list_is_configured(string origin)
    {
        Assert.False(OriginPolicy.IsAllowed(origin, ["https://app.example.com", "http://tools.example.org:8080"]));
    }

    [Theory]
    [InlineData("https://anything.example")]
    [InlineData("null")]
    [InlineData("http://localhost")]
    public void A_star_allows_every_origin(string origin)
    {
        Assert.True(OriginPolicy.IsAllowed(origin, ["https://app.example.com", "*"]));
    }
}
