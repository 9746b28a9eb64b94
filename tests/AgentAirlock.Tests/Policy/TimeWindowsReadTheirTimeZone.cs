namespace AgentAirlock.Tests.Policy;

public sealed class TimeWindowsReadTheirTimeZone
{
    [Theory]
    [InlineData(6, 59, false)]
    [InlineData(7, 0, true)]
    [InlineData(15, 0, true)]
    [InlineData(15, 1, false)]
    public void Berlin_office_hours_in_summer_are_two_hours_ahead_of_utc(int hour, int minute, bool inside)
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "Europe/Berlin");

        Assert.Equal(inside, window.Contains(At.June(1, hour, minute)));
    }

    [Theory]
    [InlineData(7, 59, false)]
    [InlineData(8, 0, true)]
    [InlineData(16, 0, true)]
    [InlineData(16, 1, false)]
    public void Berlin_office_hours_in_winter_are_one_hour_ahead_of_utc(int hour, int minute, bool inside)
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "Europe/Berlin");

        Assert.Equal(inside, window.Contains(At.Utc(2026, 1, 12, hour, minute)));
    }

    [Theory]
    [InlineData(12, 59, false)]
    [InlineData(13, 0, true)]
    [InlineData(21, 0, true)]
    [InlineData(21, 1, false)]
    public void New_york_office_hours_in_summer_are_four_hours_behind_utc(int hour, int minute, bool inside)
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "America/New_York");

        Assert.Equal(inside, window.Contains(At.June(1, hour, minute)));
    }

    [Theory]
    [InlineData(3, 29, false)]
    [InlineData(3, 30, true)]
    [InlineData(11, 30, true)]
    [InlineData(11, 31, false)]
    public void Kolkata_office_hours_are_five_and_a_half_hours_ahead_of_utc(int hour, int minute, bool inside)
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "Asia/Kolkata");

        Assert.Equal(inside, window.Contains(At.June(1, hour, minute)));
    }

    [Fact]
    public void The_day_of_the_week_is_the_day_in_the_windows_zone()
    {
        // Friday 20:30 UTC is already Saturday 02:00 in Kolkata; Saturday 20:30 UTC is Sunday there.
        var window = TimeWindowsParseStrictly.Parse("00:00-06:00", ["Sat"], "Asia/Kolkata");

        Assert.True(window.Contains(At.June(5, 20, 30)));
        Assert.False(window.Contains(At.June(6, 20, 30)));
        Assert.False(window.Contains(At.June(6, 3)));
    }

    [Theory]
    [InlineData(28, 7, 30, false)]
    [InlineData(28, 8, 0, true)]
    [InlineData(29, 6, 59, false)]
    [InlineData(29, 7, 0, true)]
    [InlineData(29, 15, 0, true)]
    [InlineData(29, 15, 1, false)]
    public void On_the_day_berlin_springs_forward_the_window_follows_local_time(int day, int hour, int minute, bool inside)
    {
        // Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST.
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "Europe/Berlin");

        Assert.Equal(inside, window.Contains(At.Utc(2026, 3, day, hour, minute)));
    }

    [Theory]
    [InlineData(7, 14, 0, true)]
    [InlineData(7, 13, 59, false)]
    [InlineData(8, 13, 0, true)]
    [InlineData(8, 12, 59, false)]
    public void On_the_day_new_york_springs_forward_the_window_follows_local_time(int day, int hour, int minute, bool inside)
    {
        // Sunday 2026-03-08: 02:00 EST becomes 03:00 EDT.
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "America/New_York");

        Assert.Equal(inside, window.Contains(At.Utc(2026, 3, day, hour, minute)));
    }

    [Fact]
    public void An_overnight_window_across_the_change_opens_in_winter_time_and_closes_in_summer_time()
    {
        var window = TimeWindowsParseStrictly.Parse("22:00-06:00", timeZone: "Europe/Berlin");

        Assert.False(window.Contains(At.Utc(2026, 3, 28, 20, 59)));
        Assert.True(window.Contains(At.Utc(2026, 3, 28, 21, 0)));
        Assert.True(window.Contains(At.Utc(2026, 3, 29, 4, 0)));
        Assert.False(window.Contains(At.Utc(2026, 3, 29, 4, 1)));
    }

    [Fact]
    public void On_the_day_berlin_falls_back_the_window_follows_local_time()
    {
        // Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET.
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "Europe/Berlin");

        Assert.False(window.Contains(At.Utc(2026, 10, 25, 7, 59)));
        Assert.True(window.Contains(At.Utc(2026, 10, 25, 8, 0)));
        Assert.True(window.Contains(At.Utc(2026, 10, 25, 16, 0)));
        Assert.False(window.Contains(At.Utc(2026, 10, 25, 16, 1)));
    }
}
