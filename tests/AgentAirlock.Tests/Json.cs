namespace AgentAirlock.Tests;

internal static class Json
{
    /// <summary>JSON written with single quotes, for templates that interpolate values.</summary>
    public static string Q(string text) => text.Replace('\'', '"');
}
