namespace AgentAirlock.Tests.Policy;

public sealed class TimeWindowsIncludeBothEnds
{
    [Theory]
    [InlineData(9, 0, true)]
    [InlineData(12, 30, true)]
    [InlineData(17, 0, true)]
    [InlineData(8, 59, false)]
    [InlineData(17, 1, false)]
    [InlineData(0, 0, false)]
    [InlineData(23, 59, false)]
    public void A_day_window_contains_its_start_and_end_minutes(int hour, int minute, bool inside)
    {
        Assert.Equal(inside, TimeWindowsParseStrictly.Parse("09:00-17:00").Contains(At.June(1, hour, minute)));
    }

    [Theory]
    [InlineData(22, 0, true)]
    [InlineData(23, 0, true)]
    [InlineData(0, 0, true)]
    [InlineData(3, 15, true)]
    [InlineData(6, 0, true)]
    [InlineData(6, 1, false)]
    [InlineData(12, 0, false)]
    [InlineData(21, 59, false)]
    public void An_overnight_window_wraps_past_midnight(int hour, int minute, bool inside)
    {
        Assert.Equal(inside, TimeWindowsParseStrictly.Parse("22:00-06:00").Contains(At.June(2, hour, minute)));
    }

    [Theory]
    [InlineData(23, 0, true)]
    [InlineData(0, 0, true)]
    [InlineData(1, 0, true)]
    [InlineData(1, 1, false)]
    [InlineData(22, 59, false)]
    public void A_short_overnight_window_ends_on_the_minute(int hour, int minute, bool inside)
    {
        Assert.Equal(inside, TimeWindowsParseStrictly.Parse("23:00-01:00").Contains(At.June(2, hour, minute)));
    }

    [Fact]
    public void A_window_of_one_minute_contains_only_that_minute()
    {
        var window = TimeWindowsParseStrictly.Parse("12:34-12:34");

        Assert.True(window.Contains(At.June(1, 12, 34)));
        Assert.False(window.Contains(At.June(1, 12, 33)));
        Assert.False(window.Contains(At.June(1, 12, 35)));
    }

    [Theory]
    [InlineData(1, 10, true)]
    [InlineData(5, 10, true)]
    [InlineData(6, 10, false)]
    [InlineData(7, 10, false)]
    public void A_day_window_is_open_only_on_its_days(int day, int hour, bool inside)
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", ["Mon", "Tue", "Wed", "Thu", "Fri"]);

        Assert.Equal(inside, window.Contains(At.June(day, hour)));
    }

    [Theory]
    [InlineData(5, 22, 0, true)]
    [InlineData(5, 23, 30, true)]
    [InlineData(6, 1, 0, true)]
    [InlineData(6, 6, 0, true)]
    [InlineData(6, 6, 1, false)]
    [InlineData(6, 22, 0, false)]
    [InlineData(7, 1, 0, false)]
    [InlineData(5, 1, 0, false)]
    [InlineData(4, 23, 0, false)]
    public void An_overnight_window_belongs_to_the_day_it_opens(int day, int hour, int minute, bool inside)
    {
        // Friday 22:00 to Saturday 06:00 only: Saturday night and the small hours of Friday are outside.
        var window = TimeWindowsParseStrictly.Parse("22:00-06:00", ["Fri"]);

        Assert.Equal(inside, window.Contains(At.June(day, hour, minute)));
    }

    [Fact]
    public void An_overnight_window_on_sunday_runs_into_monday()
    {
        var window = TimeWindowsParseStrictly.Parse("22:00-06:00", ["Sun"]);

        Assert.True(window.Contains(At.June(7, 23)));
        Assert.True(window.Contains(At.Utc(2026, 6, 8, 5, 59)));
        Assert.True(window.Contains(At.June(1, 5, 59)));
        Assert.False(window.Contains(At.June(1, 22)));
        Assert.False(window.Contains(At.June(2, 1)));
    }
}
