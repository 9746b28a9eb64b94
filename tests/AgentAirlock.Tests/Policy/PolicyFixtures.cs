using System.Net;
using System.Security.Claims;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Policy;

/// <summary>Compiles policies from options the way start-up does.</summary>
internal static class Policies
{
    public static PolicySet Compile(Action<PolicyOptions> configure)
    {
        var options = new PolicyOptions();
        configure(options);
        var errors = new List<string>();
        PolicySet? set = PolicySet.Compile(options, errors);
        Assert.True(set is not null, "Expected the policies to compile, but: " + string.Join(" | ", errors));
        Assert.Empty(errors);
        return set;
    }

    /// <summary>The problems compiling reports; asserts that it refused to compile.</summary>
    public static List<string> Errors(Action<PolicyOptions> configure)
    {
        var options = new PolicyOptions();
        configure(options);
        var errors = new List<string>();
        PolicySet? set = PolicySet.Compile(options, errors);
        Assert.Null(set);
        Assert.NotEmpty(errors);
        return errors;
    }

    /// <summary>Adds (or replaces) a named policy and returns it for further configuration.</summary>
    public static PolicyDefinition Define(this PolicyOptions options, string name, string[]? allowed = null, string[]? denied = null, string[]? roles = null)
    {
        var definition = new PolicyDefinition();
        foreach (string glob in allowed ?? [])
        {
            definition.AllowedTools.Add(glob);
        }

        foreach (string glob in denied ?? [])
        {
            definition.DeniedTools.Add(glob);
        }

        foreach (string role in roles ?? [])
        {
            definition.Roles.Add(role);
        }

        options.Policies[name] = definition;
        return definition;
    }

    public static TimeWindowOptions Window(this PolicyDefinition policy, string window, string[]? tools = null, string[]? days = null, string timeZone = "UTC")
    {
        var options = new TimeWindowOptions { Window = window, TimeZone = timeZone };
        foreach (string tool in tools ?? [])
        {
            options.Tools.Add(tool);
        }

        foreach (string day in days ?? [])
        {
            options.Days.Add(day);
        }

        policy.TimeWindows.Add(options);
        return options;
    }

    public static RateLimitOptions Limit(this PolicyDefinition policy, string limit, RateLimitScope scope = RateLimitScope.PerAgent, params string[] tools)
    {
        var options = new RateLimitOptions { Limit = limit, Scope = scope };
        foreach (string tool in tools)
        {
            options.Tools.Add(tool);
        }

        policy.RateLimits.Add(options);
        return options;
    }

    public static Glob Glob(string pattern)
    {
        Glob? glob = AgentAirlock.Protocol.Glob.TryParse(pattern, out string? error);
        Assert.True(glob is not null, $"'{pattern}' should be a glob: {error}");
        return glob;
    }

    public static Rate Rate(string text)
    {
        Rate? rate = AgentAirlock.Policy.Rate.TryParse(text, out string? error);
        Assert.True(rate is not null, $"'{text}' should be a rate: {error}");
        return rate.Value;
    }

    /// <summary>A policy with only rate limits, compiled by hand.</summary>
    public static CompiledPolicy WithRates(params RateRule[] rules) => new("limits", false, [], [], false, [], rules);

    public static RateRule Rule(string id, string limit, RateLimitScope scope, params string[] tools) =>
        new(id, [.. tools.Select(Glob)], Rate(limit), scope);
}

/// <summary>Callers, as the policy layer sees them.</summary>
internal static class Agents
{
    public static HttpContext Context(string agentId, params string[] roles)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, agentId) };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test")) };
    }

    public static AgentIdentity Named(string agentId, params string[] roles) =>
        AgentIdentity.From(Context(agentId, roles), new IdentityOptions());

    public static AgentIdentity Anonymous(string? address = "192.0.2.1")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        return AgentIdentity.From(context, new IdentityOptions());
    }
}

/// <summary>Moments, in UTC. 2026-06-01 is a Monday.</summary>
internal static class At
{
    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>A time in the week of Monday 2026-06-01 (UTC): day 1 is Monday, 7 is Sunday.</summary>
    public static DateTimeOffset June(int day, int hour, int minute = 0) => Utc(2026, 6, day, hour, minute);
}
