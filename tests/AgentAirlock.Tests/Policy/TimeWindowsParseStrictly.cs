using AgentAirlock.Policy;

namespace AgentAirlock.Tests.Policy;

public sealed class TimeWindowsParseStrictly
{
    internal static TimeWindow Parse(string window, string[]? days = null, string timeZone = "UTC")
    {
        TimeWindow? parsed = TimeWindow.TryParse(window, days ?? [], timeZone, out string? error);
        Assert.True(parsed is not null, $"'{window}' should be a window: {error}");
        Assert.Null(error);
        return parsed;
    }

    private static string Error(string window, string[]? days = null, string timeZone = "UTC")
    {
        TimeWindow? parsed = TimeWindow.TryParse(window, days ?? [], timeZone, out string? error);
        Assert.Null(parsed);
        Assert.NotNull(error);
        return error;
    }

    [Theory]
    [InlineData("09:00-17:00", 540, 1020)]
    [InlineData("00:00-23:59", 0, 1439)]
    [InlineData("22:00-06:00", 1320, 360)]
    [InlineData("12:34-12:34", 754, 754)]
    public void Hh_mm_pairs_are_read_as_minutes_of_the_day(string window, int start, int end)
    {
        TimeWindow parsed = Parse(window);

        Assert.Equal(start, parsed.StartMinute);
        Assert.Equal(end, parsed.EndMinute);
        Assert.Equal(end < start, parsed.WrapsMidnight);
    }

    [Theory]
    [InlineData("9:00-17:00")]
    [InlineData("09:00 - 17:00")]
    [InlineData(" 09:00-17:00")]
    [InlineData("24:00-17:00")]
    [InlineData("09:60-17:00")]
    [InlineData("09:00-24:00")]
    [InlineData("09:00")]
    [InlineData("09:00-17:00-18:00")]
    [InlineData("0900-1700")]
    [InlineData("09.00-17.00")]
    [InlineData("+9:00-17:00")]
    [InlineData("09:00\u201317:00")]
    [InlineData("\u0660\u0669:00-17:00")]
    [InlineData("")]
    public void Anything_but_two_digit_hours_and_minutes_is_refused(string window)
    {
        Assert.Equal($"'{window}' is not a window of the form HH:MM-HH:MM (two digits each, 00:00 to 23:59)", Error(window));
    }

    [Fact]
    public void An_unknown_day_is_refused()
    {
        Assert.Equal("'Funday' is not a day of the week (Mon … Sun)", Error("09:00-17:00", ["Mon", "Funday"]));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("CEST+2")]
    public void An_unknown_time_zone_is_refused(string zone)
    {
        Assert.Equal($"'{zone}' is not a time zone known on this machine (use an IANA name such as Europe/Berlin)", Error("09:00-17:00", timeZone: zone));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void No_time_zone_means_utc(string zone)
    {
        TimeWindow window = Parse("09:00-17:00", timeZone: zone);

        Assert.Equal(TimeSpan.Zero, window.Zone.BaseUtcOffset);
        Assert.True(window.Contains(At.June(1, 9)));
        Assert.False(window.Contains(At.June(1, 8, 59)));
    }

    [Fact]
    public void Days_may_be_short_or_full_english_names_in_any_case()
    {
        TimeWindow window = Parse("09:00-17:00", ["mon", "FRIDAY", "Wed"]);

        Assert.Equal("09:00-17:00 Mon,Wed,Fri (UTC)", window.Text);
        Assert.True(window.Contains(At.June(1, 10)));
        Assert.False(window.Contains(At.June(2, 10)));
        Assert.True(window.Contains(At.June(3, 10)));
        Assert.True(window.Contains(At.June(5, 10)));
    }

    [Fact]
    public void The_description_names_the_window_the_days_and_the_zone()
    {
        Assert.Equal("22:00-06:00 every day (Europe/Berlin)", Parse("22:00-06:00", timeZone: "Europe/Berlin").Text);
    }
}
