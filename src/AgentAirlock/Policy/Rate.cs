using System.Globalization;

namespace AgentAirlock.Policy;

/// <summary>A parsed rate, <c>N/second|minute|hour|day</c>: a bucket of N tokens refilled at N per period.</summary>
internal readonly record struct Rate(long Tokens, TimeSpan Period, string Text)
{
    /// <summary>Gets the refill rate in tokens per second.</summary>
    public double TokensPerSecond => Tokens / Period.TotalSeconds;

    public static Rate? TryParse(string? text, out string? error)
    {
        string[] parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long tokens)
            || tokens > 1_000_000_000)
        {
            error = $"'{text}' is not a rate of the form N/second, N/minute, N/hour or N/day (N a whole number up to 1000000000)";
            return null;
        }

        TimeSpan? period = parts[1].Trim().ToLowerInvariant() switch
        {
            "second" or "sec" or "s" => TimeSpan.FromSeconds(1),
            "minute" or "min" or "m" => TimeSpan.FromMinutes(1),
            "hour" or "h" => TimeSpan.FromHours(1),
            "day" or "d" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (period is null)
        {
            error = $"'{parts[1]}' in '{text}' is not a period (second, minute, hour or day)";
            return null;
        }

        error = null;
        return new Rate(tokens, period.Value, $"{tokens}/{parts[1].Trim().ToLowerInvariant()}");
    }
}
