namespace AgentAirlock.Policy;

/// <summary>
/// One named policy: the tools its callers may use, when, and how often.
/// </summary>
public sealed class PolicyDefinition
{
    /// <summary>Gets or sets a policy (predefined or named) whose rules this one adds to.</summary>
    public string? Extends { get; set; }

    /// <summary>Gets the roles whose callers this policy governs.</summary>
    public IList<string> Roles { get; } = [];

    /// <summary>Gets or sets whether callers must be identified; anonymous calls are answered with HTTP 401.</summary>
    public bool RequireIdentity { get; set; }

    /// <summary>
    /// Gets the globs (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[!a]</c>; ordinal, case-sensitive) of the tools
    /// callers may use. Empty means every tool, unless <see cref="DefaultDeny"/>.
    /// </summary>
    public IList<string> AllowedTools { get; } = [];

    /// <summary>Gets the globs of the tools callers may not use; a deny wins over an allow.</summary>
    public IList<string> DeniedTools { get; } = [];

    /// <summary>Gets or sets whether an empty <see cref="AllowedTools"/> list allows nothing.</summary>
    public bool DefaultDeny { get; set; }

    /// <summary>Gets the time windows outside of which the matching tools may not be called.</summary>
    public IList<TimeWindowOptions> TimeWindows { get; } = [];

    /// <summary>Gets the rate limits; every limit whose tools match a call applies to it.</summary>
    public IList<RateLimitOptions> RateLimits { get; } = [];
}
