using System.Globalization;
using AgentAirlock.Protocol;

namespace AgentAirlock.Policy;

/// <summary>
/// The self-healing answers of the policy layer. They name the rule that refused the call and say when a retry may
/// succeed; they reveal nothing of the tool's schema.
/// </summary>
internal static class PolicyAnswers
{
    public static BlockedAnswer Refuse(AccessVerdict verdict, string tool, DateTimeOffset now)
    {
        if (verdict.ClosedWindow is { } window)
        {
            TimeSpan wait = verdict.NextOpening - now;
            var closed = new BlockedAnswer(BlockReason.TimeRestricted, tool,
                $"Tool '{tool}' may be called only {window.Window.Text} under policy '{verdict.Policy.Name}'; the window opens next at {Timestamp(verdict.NextOpening)} (in {Duration(wait)}).")
            {
                RetryAfterSeconds = Math.Max(wait.TotalSeconds, 0),
            };
            closed.FixHints.Add($"Retry after {Timestamp(verdict.NextOpening)}");
            closed.FixHints.Add("Do not retry before then: every call outside the window is refused");
            closed.Metadata["policy"] = verdict.Policy.Name;
            closed.Metadata["window"] = window.Window.Text;
            closed.Metadata["opens_at"] = Timestamp(verdict.NextOpening);
            return closed;
        }

        string reason = verdict.Access == ToolAccess.Denied
            ? $"it matches the denied tools rule '{verdict.Rule}' of policy '{verdict.Policy.Name}'"
            : verdict.Policy.Allowed.Length == 0
                ? $"policy '{verdict.Policy.Name}' allows no tools"
                : $"it is not among the allowed tools of policy '{verdict.Policy.Name}' ({string.Join(", ", verdict.Policy.Allowed.Select(g => g.Pattern))})";
        var answer = new BlockedAnswer(BlockReason.PolicyViolation, tool, $"Policy violation for '{tool}': {reason}.");
        answer.FixHints.Add("This operation is not permitted by the current security policy; do not retry it");
        answer.FixHints.Add("Use another tool the policy allows, or ask the operator for access");
        answer.Metadata["policy"] = verdict.Policy.Name;
        answer.Metadata["rule"] = verdict.Rule?.Pattern ?? (verdict.Policy.Allowed.Length == 0 ? "DefaultDeny" : "AllowedTools");
        answer.Metadata["violation"] = verdict.Access == ToolAccess.Denied ? "tool_denied" : "tool_not_allowed";
        return answer;
    }

    public static BlockedAnswer RateLimited(RateLimitOutcome outcome, string tool, CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        RateRule rule = outcome.RefusedBy!;
        double seconds = Math.Max(outcome.RetryAfter.TotalSeconds, 0.001);
        var answer = new BlockedAnswer(BlockReason.RateLimit, tool,
            $"Rate limit exceeded for '{tool}': {rule.Describe()} under policy '{policy.Name}'.")
        {
            RetryAfterSeconds = seconds,
        };
        answer.FixHints.Add($"Rate limit is {rule.Describe()}");
        answer.FixHints.Add(rule.Rate.Tokens == 0
            ? "This tool may not be called under this policy: the limit is zero"
            : $"Wait {(Math.Ceiling(seconds * 1000) / 1000).ToString("0.###", CultureInfo.InvariantCulture)} seconds before retrying");
        answer.Metadata["policy"] = policy.Name;
        answer.Metadata["limit"] = rule.Rate.Text;
        answer.Metadata["scope"] = rule.Scope.ToString();
        if (outcome.Degraded)
        {
            // The shared store was unreachable: this budget is this instance's own until it is back.
            answer.Metadata["store"] = "memory_fallback";
        }

        return answer;
    }

    public static BlockedAnswer StoreUnavailable(string tool)
    {
        var answer = new BlockedAnswer(BlockReason.RateLimitUnavailable, tool,
            $"Tool '{tool}' cannot be called now: its rate limit cannot be checked because the shared rate-limit store is unreachable.")
        {
            RetryAfterSeconds = 1,
        };
        answer.FixHints.Add("Retry in a moment; the call was not made");
        return answer;
    }

    private static string Timestamp(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalMinutes < 1
        ? $"{Math.Ceiling(span.TotalSeconds)}s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m" : $"{(int)span.TotalHours}h {span.Minutes}m";
}
