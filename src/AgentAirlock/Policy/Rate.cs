using System.Globalization;

namespace AgentAirlock.Policy;

/// <summary>A parsed rate, <c>N/second|minute|hour|day</c>: a bucket of N tokens refilled at N per period.</summary>
internal readonly record struct Rate(long Tokens, TimeSpan Period, string Text)
{
    /// <summary>The most units a shared (Redis) bucket may hold: Lua counts in doubles, exact up to 2^53.</summary>
    public const long MaxSharedUnits = 1L << 52;

    /// <summary>Gets the refill rate in tokens per second.</summary>
    public double TokensPerSecond => Tokens / Period.TotalSeconds;

    /// <summary>
    /// Gets the whole units a shared bucket counts in, so that its arithmetic is exact: a token costs
    /// <c>PerToken</c> units and every millisecond adds <c>PerMillisecond</c> (N per period of P ms, reduced by their
    /// greatest common divisor). Computed once per rate: the Redis store reads it on every call.
    /// </summary>
    public (long PerToken, long PerMillisecond) SharedUnits { get; } = Reduce(Tokens, (long)Period.TotalMilliseconds);

    /// <summary>Gets whether a full shared bucket of this rate stays within <see cref="MaxSharedUnits"/>.</summary>
    public bool FitsSharedStore => (Int128)SharedUnits.PerToken * Tokens <= MaxSharedUnits;

    private static (long PerToken, long PerMillisecond) Reduce(long tokens, long milliseconds)
    {
        (long a, long b) = (tokens, milliseconds);
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a == 0 ? (milliseconds, tokens) : (milliseconds / a, tokens / a);
    }

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
