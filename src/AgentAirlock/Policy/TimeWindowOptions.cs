namespace AgentAirlock.Policy;

/// <summary>
/// A time window: the tools it governs may be called only inside it.
/// </summary>
public sealed class TimeWindowOptions
{
    /// <summary>Gets the globs of the tools the window governs. Empty means every tool.</summary>
    public IList<string> Tools { get; } = [];

    /// <summary>
    /// Gets or sets the window as <c>HH:MM-HH:MM</c>, both ends included; an end before the start wraps past
    /// midnight (<c>22:00-06:00</c>).
    /// </summary>
    public string Window { get; set; } = string.Empty;

    /// <summary>
    /// Gets the days (<c>Mon</c> … <c>Sun</c>, or full English names) on which the window opens; a window that wraps
    /// past midnight belongs to the day it opens. Empty means every day.
    /// </summary>
    public IList<string> Days { get; } = [];

    /// <summary>Gets or sets the IANA time zone the window is read in. Default: <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";
}
