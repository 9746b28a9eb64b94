using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// E2B's control plane (<c>https://api.{domain}</c>): create a sandbox from a template, set its lifetime, kill it.
/// Every call is safe to repeat, so every call goes through <see cref="E2BRetry"/>.
/// </summary>
internal sealed class E2BControlPlaneClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public E2BControlPlaneClient(IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Creates a sandbox (<c>POST /v2/sandboxes</c>) that E2B itself kills after <paramref name="lifetimeSeconds"/>,
    /// without internet access.
    /// </summary>
    public async Task<E2BSandboxHandle> CreateAsync(E2BSettings settings, int lifetimeSeconds, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        byte[] body = CreateBody(settings.Template, lifetimeSeconds, purpose);
        using HttpResponseMessage response = await SendAsync(
            settings,
            () => Request(settings, HttpMethod.Post, "v2/sandboxes", body),
            "create",
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            string description = await E2BErrorMessage.DescribeAsync(response, settings, null, cancellationToken).ConfigureAwait(false);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new E2BCallException(SandboxStatus.Unavailable, "E2B rejected the API key."),
                HttpStatusCode.TooManyRequests => new E2BCallException(SandboxStatus.Unavailable,
                    $"E2B is limiting the rate of sandbox creation and still refused after {E2BRetry.MaxRetries} retries ({description})."),
                >= HttpStatusCode.InternalServerError => new E2BCallException(SandboxStatus.Unavailable,
                    $"E2B could not create a sandbox ({description})."),
                _ => new E2BCallException(SandboxStatus.Unavailable,
                    $"E2B refused to create a sandbox from template '{settings.Template}' ({description})."),
            };
        }

        byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ReadSandbox(settings, answer);
    }

    /// <summary>
    /// Sets the sandbox's remaining lifetime, counted from now (<c>POST /sandboxes/{id}/timeout</c>). Returns
    /// <see langword="false"/> when E2B no longer knows the sandbox.
    /// </summary>
    public Task<bool> SetTimeoutAsync(E2BSandboxHandle sandbox, int lifetimeSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        byte[] body = TimeoutBody(lifetimeSeconds);
        return SendToSandboxAsync(
            sandbox, HttpMethod.Post, "/timeout", body, "set-timeout", "E2B could not set the lifetime of the sandbox", cancellationToken);
    }

    /// <summary>
    /// Kills the sandbox (<c>DELETE /sandboxes/{id}</c>). Returns <see langword="false"/> when E2B no longer knows it
    /// (already gone, which is what a kill wants).
    /// </summary>
    public Task<bool> KillAsync(E2BSandboxHandle sandbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        return SendToSandboxAsync(sandbox, HttpMethod.Delete, "", null, "kill", "E2B could not kill the sandbox", cancellationToken);
    }

    /// <summary>
    /// Sends a call about one sandbox: <see langword="true"/> when E2B did it, <see langword="false"/> when it no longer
    /// knows the sandbox; anything else is a failure (an unknown key makes the backend unavailable).
    /// </summary>
    private async Task<bool> SendToSandboxAsync(
        E2BSandboxHandle sandbox, HttpMethod method, string subPath, byte[]? body, string operation, string failure, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(
            sandbox.Settings,
            () => Request(sandbox.Settings, method, $"sandboxes/{Uri.EscapeDataString(sandbox.SandboxId)}{subPath}", body),
            operation,
            cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        string description = await E2BErrorMessage.DescribeAsync(response, sandbox.Settings, null, cancellationToken).ConfigureAwait(false);
        throw new E2BCallException(
            response.StatusCode == HttpStatusCode.Unauthorized ? SandboxStatus.Unavailable : SandboxStatus.Failed,
            response.StatusCode == HttpStatusCode.Unauthorized ? "E2B rejected the API key." : $"{failure} ({description}).");
    }

    private async Task<HttpResponseMessage> SendAsync(E2BSettings settings, Func<HttpRequestMessage> createRequest, string operation, CancellationToken cancellationToken)
    {
        HttpClient client = _httpClientFactory.CreateClient(E2BServiceCollectionExtensions.ControlPlaneClientName);
        try
        {
            return await E2BRetry.SendAsync(client, createRequest, operation, _timeProvider, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            // The exception's own message can name the host and port; the error kind says enough.
            throw new E2BCallException(SandboxStatus.Unavailable,
                $"E2B's API at {settings.ApiUrl.Host} could not be reached ({exception.HttpRequestError}).", exception);
        }
    }

    private static HttpRequestMessage Request(E2BSettings settings, HttpMethod method, string path, byte[]? body)
    {
        var request = new HttpRequestMessage(method, E2BEnvdClient.Combine(settings.ApiUrl, path));
        request.Headers.TryAddWithoutValidation("X-API-KEY", settings.ApiKey);
        request.Headers.UserAgent.Add(E2BEnvdClient.UserAgent);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        return request;
    }

    private static byte[] CreateBody(string template, int lifetimeSeconds, string purpose)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("templateID", template);
            writer.WriteNumber("timeout", lifetimeSeconds);
            writer.WriteStartObject("metadata");
            writer.WriteString("airlock", purpose);
            writer.WriteEndObject();
            writer.WriteBoolean("allow_internet_access", false);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] TimeoutBody(int lifetimeSeconds)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("timeout", lifetimeSeconds);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private E2BSandboxHandle ReadSandbox(E2BSettings settings, byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            JsonElement root = document.RootElement;
            string? id = String(root, "sandboxID");
            if (string.IsNullOrEmpty(id))
            {
                throw new E2BCallException(SandboxStatus.Failed, "E2B created a sandbox but did not say its id.");
            }

            return new E2BSandboxHandle(settings, id, String(root, "envdAccessToken") ?? "", String(root, "envdVersion"),
                String(root, "domain"), _timeProvider.GetTimestamp());
        }
        catch (JsonException exception)
        {
            throw new E2BCallException(SandboxStatus.Failed, "E2B's answer to the creation of a sandbox is not JSON.", exception);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
