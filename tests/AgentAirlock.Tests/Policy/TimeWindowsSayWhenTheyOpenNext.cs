using AgentAirlock.Policy;

namespace AgentAirlock.Tests.Policy;

public sealed class TimeWindowsSayWhenTheyOpenNext
{
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"];

    /// <summary>
    /// The next opening is the first moment after <paramref name="now"/> at which the window is open: open then, and
    /// closed at every minute from <paramref name="now"/> until then.
    /// </summary>
    private static DateTimeOffset AssertNextOpening(TimeWindow window, DateTimeOffset now)
    {
        Assert.False(window.Contains(now), "the window should be closed at the start");
        DateTimeOffset next = window.NextOpening(now);
        Assert.True(next > now, $"the next opening {next:O} should be after {now:O}");
        Assert.True(window.Contains(next), $"the window should be open at its next opening {next:O}");
        for (DateTimeOffset t = now; t < next; t = t.AddMinutes(1))
        {
            Assert.False(window.Contains(t), $"the window is open at {t:O}, before the next opening it reported ({next:O})");
        }

        return next;
    }

    [Fact]
    public void A_window_in_the_hour_that_repeats_opens_again_at_its_second_occurrence()
    {
        // Europe/Berlin, 26 October 2025: 03:00 CEST becomes 02:00 CET at 01:00 UTC, so 02:30 local happens at 00:30 UTC
        // and again at 01:30 UTC. At 00:45 UTC (02:45 CEST) the first has passed; the second is still ahead.
        var window = TimeWindowsParseStrictly.Parse("02:30-02:40", timeZone: "Europe/Berlin");

        Assert.Equal(At.Utc(2025, 10, 26, 1, 30), AssertNextOpening(window, At.Utc(2025, 10, 26, 0, 45)));
    }

    [Fact]
    public void A_window_later_today_opens_today()
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00");

        Assert.Equal(At.June(1, 9), AssertNextOpening(window, At.June(1, 7, 12)));
    }

    [Fact]
    public void A_window_that_has_closed_today_opens_tomorrow()
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00");

        Assert.Equal(At.June(2, 9), AssertNextOpening(window, At.June(1, 17, 1)));
    }

    [Fact]
    public void A_window_one_minute_before_it_opens_opens_in_a_minute()
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00");

        Assert.Equal(At.June(1, 9), AssertNextOpening(window, At.Utc(2026, 6, 1, 8, 59, 59)));
    }

    [Theory]
    [InlineData(5, 18)]
    [InlineData(6, 12)]
    [InlineData(7, 23)]
    public void A_weekday_window_at_the_weekend_opens_on_monday(int day, int hour)
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", Weekdays);

        Assert.Equal(At.Utc(2026, 6, 8, 9, 0), AssertNextOpening(window, At.June(day, hour)));
    }

    [Fact]
    public void A_window_of_one_day_a_week_that_has_just_closed_opens_a_week_later()
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", ["Wed"]);

        Assert.Equal(At.Utc(2026, 6, 10, 9, 0), AssertNextOpening(window, At.June(3, 17, 30)));
    }

    [Fact]
    public void An_overnight_window_opens_on_its_next_day_in_the_evening()
    {
        var window = TimeWindowsParseStrictly.Parse("22:00-06:00", ["Fri"]);

        Assert.Equal(At.Utc(2026, 6, 12, 22, 0), AssertNextOpening(window, At.June(6, 7)));
        Assert.Equal(At.June(5, 22), AssertNextOpening(window, At.June(5, 21)));
    }

    [Theory]
    [InlineData("Europe/Berlin", 16, 2, 7, 0)]
    [InlineData("America/New_York", 12, 1, 13, 0)]
    [InlineData("Asia/Kolkata", 0, 1, 3, 30)]
    public void The_opening_is_in_the_windows_zone(string zone, int nowHour, int openingDay, int openingHour, int openingMinute)
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: zone);

        DateTimeOffset next = AssertNextOpening(window, At.June(1, nowHour));

        Assert.Equal(At.June(openingDay, openingHour, openingMinute), next);
        Assert.Equal(window.Zone.GetUtcOffset(next), next.Offset);
    }

    [Fact]
    public void An_opening_after_berlin_springs_forward_is_an_hour_earlier_in_utc()
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "Europe/Berlin");

        // Saturday 09:00 CET is 08:00 UTC; Sunday 09:00 CEST is 07:00 UTC.
        Assert.Equal(At.Utc(2026, 3, 29, 7, 0), AssertNextOpening(window, At.Utc(2026, 3, 28, 18, 0)));
    }

    [Fact]
    public void An_opening_after_new_york_falls_back_is_an_hour_later_in_utc()
    {
        var window = TimeWindowsParseStrictly.Parse("09:00-17:00", timeZone: "America/New_York");

        // Saturday 09:00 EDT is 13:00 UTC; Sunday 09:00 EST is 14:00 UTC.
        Assert.Equal(At.Utc(2026, 11, 1, 14, 0), AssertNextOpening(window, At.Utc(2026, 10, 31, 22, 0)));
    }

    [Theory]
    [InlineData("Europe/Berlin", 3, 29, 1)]
    [InlineData("America/New_York", 3, 8, 7)]
    public void An_opening_skipped_by_springing_forward_is_the_first_minute_after_the_gap(string zone, int month, int day, int utcHour)
    {
        // 02:30 does not exist on the day of the change; the window opens at 03:00 summer time.
        var window = TimeWindowsParseStrictly.Parse("02:30-04:00", timeZone: zone);

        Assert.Equal(At.Utc(2026, month, day, utcHour, 0), AssertNextOpening(window, At.Utc(2026, month, day - 1, 12, 0)));
    }

    [Fact]
    public void A_window_that_springing_forward_skips_entirely_opens_the_next_day()
    {
        // 02:00-02:30 does not happen at all on 2026-03-29 in Berlin: the next opening is Monday 02:00 CEST.
        var window = TimeWindowsParseStrictly.Parse("02:00-02:30", timeZone: "Europe/Berlin");

        Assert.Equal(At.Utc(2026, 3, 30, 0, 0), AssertNextOpening(window, At.Utc(2026, 3, 28, 12, 0)));
    }

    [Fact]
    public void An_opening_in_the_repeated_hour_is_its_first_occurrence()
    {
        // On 2026-10-25 Berlin lives 02:00-03:00 twice; 02:15 first comes at 00:15 UTC (CEST).
        var window = TimeWindowsParseStrictly.Parse("02:15-02:45", timeZone: "Europe/Berlin");

        Assert.Equal(At.Utc(2026, 10, 25, 0, 15), AssertNextOpening(window, At.Utc(2026, 10, 24, 12, 0)));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    public void Over_a_whole_year_every_next_opening_is_open_and_the_minute_before_it_closed(string zone)
    {
        TimeWindow[] windows =
        [
            TimeWindowsParseStrictly.Parse("09:00-17:00", Weekdays, zone),
            TimeWindowsParseStrictly.Parse("22:00-06:00", ["Fri"], zone),
            TimeWindowsParseStrictly.Parse("23:00-01:00", timeZone: zone),
            TimeWindowsParseStrictly.Parse("12:00-12:00", ["Wed"], zone),
        ];
        int checkedOpenings = 0;
        for (DateTimeOffset now = At.Utc(2026, 1, 1, 0, 0); now < At.Utc(2027, 1, 1, 0, 0); now = now.AddMinutes(97))
        {
            foreach (TimeWindow window in windows)
            {
                if (window.Contains(now))
                {
                    continue;
                }

                DateTimeOffset next = window.NextOpening(now);
                Assert.True(next > now, $"{window.Text} at {now:O}: next opening {next:O} is not after now");
                Assert.True(next - now <= TimeSpan.FromDays(7) + TimeSpan.FromHours(1), $"{window.Text} at {now:O}: next opening {next:O} is more than a week away");
                Assert.True(window.Contains(next), $"{window.Text} at {now:O}: closed at its next opening {next:O}");
                Assert.False(window.Contains(next.AddMinutes(-1)) && next.AddMinutes(-1) > now, $"{window.Text} at {now:O}: already open the minute before {next:O}");
                checkedOpenings++;
            }
        }

        Assert.True(checkedOpenings > 10_000);
    }
}
