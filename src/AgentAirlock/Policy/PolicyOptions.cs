namespace AgentAirlock.Policy;

/// <summary>
/// Options of the policy layer (<c>Airlock:Policy</c>): who may call which tool, when, and how often.
/// </summary>
public sealed class PolicyOptions
{
    /// <summary>The name of the predefined policy that allows everything.</summary>
    public const string Permissive = "Permissive";

    /// <summary>
    /// Gets or sets the policy of callers none of whose roles is assigned to a policy (anonymous callers included).
    /// A predefined name (<c>Permissive</c>, <c>Strict</c>, <c>ReadOnly</c>, <c>BusinessHours</c>) or one of
    /// <see cref="Policies"/>. Default: <c>Permissive</c>.
    /// </summary>
    public string DefaultPolicy { get; set; } = Permissive;

    /// <summary>Gets the named policies; a name may also redefine a predefined policy.</summary>
    public IDictionary<string, PolicyDefinition> Policies { get; } = new Dictionary<string, PolicyDefinition>(StringComparer.Ordinal);

    /// <summary>Gets how callers are identified: claim types and Airlock's API keys.</summary>
    public IdentityOptions Identity { get; } = new();

    /// <summary>Gets or sets where rate-limit buckets live. Default: <see cref="RateLimitStoreKind.Memory"/>.</summary>
    public RateLimitStoreKind RateLimitStore { get; set; } = RateLimitStoreKind.Memory;

    /// <summary>Gets the Redis connection, used when <see cref="RateLimitStore"/> is <see cref="RateLimitStoreKind.Redis"/>.</summary>
    public RedisStoreOptions Redis { get; } = new();

    /// <summary>
    /// Gets or sets what happens when the rate-limit store cannot be reached: <see cref="PolicyFailureMode.Closed"/>
    /// (the default) refuses the call; <see cref="PolicyFailureMode.Open"/> falls back to in-memory buckets and
    /// reports the decision as degraded.
    /// </summary>
    public PolicyFailureMode FailureMode { get; set; } = PolicyFailureMode.Closed;
}
