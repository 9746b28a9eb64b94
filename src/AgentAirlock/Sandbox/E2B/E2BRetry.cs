using System.Net;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// Sends a unary E2B call, retrying what E2B itself asks to retry: 429 after its <c>Retry-After</c> seconds (as E2B's
/// SDK does; a <c>Retry-After</c> date is not honoured, like the SDK), 5xx and failed connections after an exponential
/// backoff. Only for calls that are safe to repeat; the process stream is never sent through here.
/// </summary>
internal static partial class E2BRetry
{
    /// <summary>Retries after the first attempt, as many as E2B's SDK makes on 429.</summary>
    public const int MaxRetries = 3;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends the request <paramref name="createRequest"/> makes (a fresh one per attempt, since a sent request cannot be
    /// sent again) and returns the last response: a success, an answer not worth retrying, or the last of the retries.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        Func<HttpRequestMessage> createRequest,
        string operation,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(createRequest);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        for (int attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            using (HttpRequestMessage request = createRequest())
            {
                try
                {
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException exception) when (attempt < MaxRetries && NotSent(exception))
                {
                    TimeSpan wait = Backoff(attempt);
                    LogConnectionRetry(logger, operation, exception.HttpRequestError, (long)wait.TotalMilliseconds, attempt + 1);
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            TimeSpan? delay = attempt < MaxRetries ? RetryDelay(response, attempt) : null;
            if (delay is null)
            {
                return response;
            }

            LogRetry(logger, operation, (int)response.StatusCode, (long)delay.Value.TotalMilliseconds, attempt + 1);
            response.Dispose();
            await Task.Delay(delay.Value, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan? RetryDelay(HttpResponseMessage response, int attempt)
    {
        HttpStatusCode status = response.StatusCode;
        if (status == HttpStatusCode.TooManyRequests)
        {
            if (response.Headers.RetryAfter is { } retryAfter)
            {
                return retryAfter.Delta is { } delta ? Min(delta < TimeSpan.Zero ? TimeSpan.Zero : delta, LongestRetryAfter) : null;
            }

            return Backoff(attempt);
        }

        return status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            ? Backoff(attempt)
            : null;
    }

    // Only failures that happened before the request could have reached E2B: repeating them cannot create a second
    // sandbox.
    private static bool NotSent(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;

    private static TimeSpan Backoff(int attempt) =>
        FirstBackoff * Math.Pow(2, attempt) * (0.8 + (Random.Shared.NextDouble() * 0.4));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 90, Level = LogLevel.Information,
        Message = "E2B answered {Operation} with HTTP {StatusCode}; retrying in {DelayMilliseconds} ms (retry {Retry}).")]
    private static partial void LogRetry(ILogger logger, string operation, int statusCode, long delayMilliseconds, int retry);

    [LoggerMessage(EventId = 91, Level = LogLevel.Information,
        Message = "E2B could not be reached for {Operation} ({Error}); retrying in {DelayMilliseconds} ms (retry {Retry}).")]
    private static partial void LogConnectionRetry(ILogger logger, string operation, HttpRequestError error, long delayMilliseconds, int retry);
}
