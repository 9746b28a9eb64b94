using AgentAirlock.Policy;

namespace AgentAirlock.Tests.Policy;

public sealed class RatesParseStrictly
{
    private static string Error(string? text)
    {
        Rate? rate = Rate.TryParse(text, out string? error);
        Assert.Null(rate);
        Assert.NotNull(error);
        return error;
    }

    [Theory]
    [InlineData("10/second", 10, 1, "10/second")]
    [InlineData("30/minute", 30, 60, "30/minute")]
    [InlineData("100/hour", 100, 3600, "100/hour")]
    [InlineData("10/HOUR", 10, 3600, "10/hour")]
    [InlineData("5/Day", 5, 86400, "5/day")]
    [InlineData("7/s", 7, 1, "7/s")]
    [InlineData("7/min", 7, 60, "7/min")]
    [InlineData("0/hour", 0, 3600, "0/hour")]
    [InlineData("1000000000/second", 1_000_000_000, 1, "1000000000/second")]
    public void A_rate_is_a_whole_number_per_period(string text, long tokens, int periodSeconds, string description)
    {
        Rate rate = Policies.Rate(text);

        Assert.Equal(tokens, rate.Tokens);
        Assert.Equal(TimeSpan.FromSeconds(periodSeconds), rate.Period);
        Assert.Equal(description, rate.Text);
        Assert.Equal((double)tokens / periodSeconds, rate.TokensPerSecond);
    }

    [Theory]
    [InlineData("30/minute", 2000, 1, true)]
    [InlineData("108/day", 800000, 1, true)]
    [InlineData("7/second", 1000, 7, true)]
    [InlineData("1000000000/minute", 3, 50000, true)]
    [InlineData("0/hour", 1, 0, true)]
    [InlineData("999999937/day", 86400000, 999999937, false)]
    public void A_shared_bucket_counts_in_whole_units_reduced_by_the_common_divisor(string text, long perToken, long perMillisecond, bool fits)
    {
        Rate rate = Policies.Rate(text);

        Assert.Equal((perToken, perMillisecond), rate.SharedUnits);
        Assert.Equal(fits, rate.FitsSharedStore);
    }

    [Theory]
    [InlineData("10.5/hour")]
    [InlineData("-1/hour")]
    [InlineData("+1/hour")]
    [InlineData(" 10/hour")]
    [InlineData("1e3/hour")]
    [InlineData("1,000/hour")]
    [InlineData("1000000001/second")]
    [InlineData("/hour")]
    [InlineData("10")]
    [InlineData("10/hour/day")]
    [InlineData("ten/hour")]
    [InlineData("")]
    [InlineData(null)]
    public void A_count_that_is_not_a_whole_number_is_refused(string? text)
    {
        Assert.Equal($"'{text}' is not a rate of the form N/second, N/minute, N/hour or N/day (N a whole number up to 1000000000)", Error(text));
    }

    [Theory]
    [InlineData("100/week", "week")]
    [InlineData("100/month", "month")]
    [InlineData("100/", "")]
    [InlineData("100/hours", "hours")]
    public void A_period_other_than_second_minute_hour_or_day_is_refused(string text, string period)
    {
        Assert.Equal($"'{period}' in '{text}' is not a period (second, minute, hour or day)", Error(text));
    }
}
