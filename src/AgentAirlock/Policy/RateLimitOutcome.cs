namespace AgentAirlock.Policy;

/// <summary>The result of taking one token from every bucket that applies to a call.</summary>
/// <param name="Allowed">Whether every bucket had a token (and one was taken from each).</param>
/// <param name="RefusedBy">The rule whose bucket was empty.</param>
/// <param name="RetryAfter">How long until that bucket has a token.</param>
/// <param name="Unavailable">Whether the store could not be reached (and nothing was decided).</param>
/// <param name="Degraded">Whether the decision was made by the in-memory fallback because the store could not be reached.</param>
internal readonly record struct RateLimitOutcome(bool Allowed, RateRule? RefusedBy, TimeSpan RetryAfter, bool Unavailable = false, bool Degraded = false)
{
    public static RateLimitOutcome Admitted { get; } = new(true, null, TimeSpan.Zero);
}
