using System.Net;
using System.Text;
using System.Text.Json;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// Turns an error answer of E2B (<c>{"code":…,"message":…}</c>, or no body at all) into text fit for an outcome's
/// detail: the status first (the body can be empty), then E2B's message, shortened, stripped of control characters,
/// and with the API key and the access token blanked in case a server ever echoed them.
/// </summary>
internal static class E2BErrorMessage
{
    private const int LongestMessage = 200;

    public static async Task<string> DescribeAsync(HttpResponseMessage response, E2BSettings settings, string? accessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(settings);
        string status = $"HTTP {(int)response.StatusCode}";
        string? message = null;
        try
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            message = Read(body);
        }
        catch (HttpRequestException)
        {
            // The status alone still says what happened.
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            return status;
        }

        message = Clean(message, settings.ApiKey, accessToken);
        return message.Length == 0 ? status : $"{status}: {message}";
    }

    /// <summary>Gets whether <paramref name="status"/> is one E2B uses for an unreachable or overloaded service.</summary>
    public static bool IsServiceFailure(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string? Read(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out JsonElement message)
                && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            // Not E2B's error shape (a proxy's page, perhaps): its content is not worth repeating.
            return null;
        }
    }

    /// <summary>Shortens <paramref name="message"/>, replaces control characters, and blanks the given secrets.</summary>
    public static string Clean(string message, string apiKey, string? accessToken)
    {
        // Secrets are blanked before anything is cut, so that no prefix of one can survive the cut.
        if (apiKey.Length > 0)
        {
            message = message.Replace(apiKey, "***", StringComparison.Ordinal);
        }

        if (!string.IsNullOrEmpty(accessToken))
        {
            message = message.Replace(accessToken, "***", StringComparison.Ordinal);
        }

        var builder = new StringBuilder(Math.Min(message.Length, LongestMessage + 1));
        foreach (char c in message)
        {
            if (builder.Length == LongestMessage)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}
