using System.Globalization;

namespace AgentAirlock.Policy;

/// <summary>
/// A compiled daily time window in one time zone, both ends included; a window whose end is before its start
/// wraps past midnight and belongs to the day it opens.
/// </summary>
internal sealed class TimeWindow
{
    private const int MinutesPerDay = 24 * 60;
    private readonly bool[] _days;

    private TimeWindow(int startMinute, int endMinute, bool[] days, TimeZoneInfo zone, string text)
    {
        StartMinute = startMinute;
        EndMinute = endMinute;
        _days = days;
        Zone = zone;
        Text = text;
    }

    public int StartMinute { get; }

    public int EndMinute { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Gets a description such as <c>09:00-17:00 Mon-Fri (Europe/Berlin)</c>.</summary>
    public string Text { get; }

    public bool WrapsMidnight => EndMinute < StartMinute;

    /// <summary>Parses a window, or returns the reason it is not one (naming the part at fault).</summary>
    public static TimeWindow? TryParse(string window, IList<string> days, string timeZone, out string? error)
    {
        string[] ends = (window ?? string.Empty).Split('-');
        if (ends.Length != 2 || !TryParseTime(ends[0], out int start) || !TryParseTime(ends[1], out int end))
        {
            error = $"'{window}' is not a window of the form HH:MM-HH:MM (two digits each, 00:00 to 23:59)";
            return null;
        }

        bool[] allowed = new bool[7];
        if (days.Count == 0)
        {
            Array.Fill(allowed, true);
        }

        foreach (string day in days)
        {
            if (!TryParseDay(day, out DayOfWeek parsed))
            {
                error = $"'{day}' is not a day of the week (Mon … Sun)";
                return null;
            }

            allowed[(int)parsed] = true;
        }

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"'{timeZone}' is not a time zone known on this machine (use an IANA name such as Europe/Berlin)";
            return null;
        }

        error = null;
        string dayText = days.Count == 0 ? "every day" : string.Join(",", Enumerable.Range(0, 7).Where(d => allowed[d]).Select(d => ((DayOfWeek)d).ToString()[..3]));
        return new TimeWindow(start, end, allowed, zone, $"{window} {dayText} ({zone.Id})");
    }

    /// <summary>Whether <paramref name="now"/> falls inside the window.</summary>
    public bool Contains(DateTimeOffset now)
    {
        DateTime local = TimeZoneInfo.ConvertTime(now, Zone).DateTime;
        int minute = local.Hour * 60 + local.Minute;
        int day = (int)local.DayOfWeek;
        if (!WrapsMidnight)
        {
            return _days[day] && minute >= StartMinute && minute <= EndMinute;
        }

        int previousDay = (day + 6) % 7;
        return (_days[day] && minute >= StartMinute) || (_days[previousDay] && minute <= EndMinute);
    }

    /// <summary>The next moment after <paramref name="now"/> at which the window opens.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now)
    {
        DateTime local = TimeZoneInfo.ConvertTime(now, Zone).DateTime;
        for (int offset = 0; offset <= 8; offset++)
        {
            DateTime date = local.Date.AddDays(offset);
            if (!_days[(int)date.DayOfWeek])
            {
                continue;
            }

            DateTime opening = date.AddMinutes(StartMinute);

            // A local time skipped by a daylight-saving jump opens at the first valid minute after it, if the
            // window is still open then (a window inside the gap does not open that day at all).
            while (Zone.IsInvalidTime(opening))
            {
                opening = opening.AddMinutes(1);
            }

            // A local time that occurs twice (clocks go back) opens at its first occurrence (the larger offset), or at
            // its second when the first has passed.
            if (Zone.IsAmbiguousTime(opening))
            {
                TimeSpan[] offsets = Zone.GetAmbiguousTimeOffsets(opening);
                TimeSpan first = offsets.Max(), second = offsets.Min();
                if (Opening(opening, first, now) is { } early)
                {
                    return early;
                }

                if (Opening(opening, second, now) is { } late)
                {
                    return late;
                }
            }
            else if (Opening(opening, Zone.GetUtcOffset(opening), now) is { } candidate)
            {
                return candidate;
            }
        }

        return now;
    }

    private DateTimeOffset? Opening(DateTime local, TimeSpan utcOffset, DateTimeOffset now)
    {
        var candidate = new DateTimeOffset(local, utcOffset);
        return candidate > now && Contains(candidate) ? candidate : null;
    }

    private static bool TryParseTime(string text, out int minutes)
    {
        minutes = 0;
        return text.Length == 5 && text[2] == ':'
            && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hours) && hours < 24
            && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int mins) && mins < 60
            && (minutes = hours * 60 + mins) < MinutesPerDay;
    }

    private static bool TryParseDay(string text, out DayOfWeek day)
    {
        foreach (DayOfWeek candidate in Enum.GetValues<DayOfWeek>())
        {
            string name = candidate.ToString();
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase) || text.Equals(name[..3], StringComparison.OrdinalIgnoreCase))
            {
                day = candidate;
                return true;
            }
        }

        day = default;
        return false;
    }
}
