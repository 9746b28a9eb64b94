using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AgentAirlock.Sandbox.E2B;

/// <summary>
/// envd, the agent inside each sandbox: uploads files (<c>POST /files</c>, multipart, every file in one request) and
/// runs a process (<c>process.Process/Start</c>, a Connect server stream with the JSON codec).
/// </summary>
internal sealed partial class E2BEnvdClient
{
    /// <summary>The port envd listens on inside every sandbox.</summary>
    public const int EnvdPort = 49983;

    /// <summary>The most stdout kept: the runner writes one result document, and a larger one is refused.</summary>
    public const int MaxStdoutBytes = 4 * 1024 * 1024;

    /// <summary>Sent as <c>Keepalive-Ping-Interval</c>: envd then sends keepalives on an idle stream, as the SDK asks.</summary>
    public const int KeepaliveSeconds = 50;

    public static readonly ProductInfoHeaderValue UserAgent = new("AgentAirlock", typeof(E2BEnvdClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    private static readonly MediaTypeHeaderValue ConnectJson = new("application/connect+json");

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public E2BEnvdClient(IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Joins <paramref name="relative"/> to <paramref name="baseUrl"/>, keeping any path the base has.</summary>
    public static Uri Combine(Uri baseUrl, string relative)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        string root = baseUrl.GetLeftPart(UriPartial.Path);
        return new Uri(root.EndsWith('/') ? root + relative : root + "/" + relative, UriKind.Absolute);
    }

    /// <summary>
    /// Uploads <paramref name="files"/> in one multipart request without a <c>path</c> parameter, so that each part's
    /// file name is its full target path (envd creates the directories). Repeated on 429 and 5xx: an upload overwrites.
    /// </summary>
    public async Task UploadAsync(E2BSandboxHandle sandbox, IReadOnlyList<E2BUpload> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(files);
        foreach (E2BUpload file in files)
        {
            if (!IsPlainPath(file.SandboxPath))
            {
                throw new E2BCallException(SandboxStatus.Failed,
                    "A file of the tool has a name that cannot be uploaded to E2B (only printable ASCII without quotes or backslashes).");
            }
        }

        Uri url = Combine(sandbox.Settings.EnvdUrl(sandbox), "files");
        HttpClient client = _httpClientFactory.CreateClient(E2BServiceCollectionExtensions.EnvdClientName);
        HttpResponseMessage response;
        try
        {
            response = await E2BRetry.SendAsync(client, () => UploadRequest(sandbox, url, files), "upload", _timeProvider, _logger, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(sandbox, exception);
        }
        catch (IOException exception)
        {
            throw new E2BCallException(SandboxStatus.Failed, "A file of the tool or of the runner could not be read for the upload.", exception);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            string description = await E2BErrorMessage.DescribeAsync(response, sandbox.Settings, sandbox.EnvdAccessToken, cancellationToken).ConfigureAwait(false);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new E2BCallException(SandboxStatus.Failed, $"envd in the sandbox refused the upload ({description})."),
                HttpStatusCode.BadGateway => new E2BCallException(SandboxStatus.Failed, $"The sandbox is gone before the upload ({description})."),
                HttpStatusCode.InsufficientStorage => new E2BCallException(SandboxStatus.Failed, $"The sandbox has no disk space for the tool's files ({description})."),
                _ => new E2BCallException(
                    E2BErrorMessage.IsServiceFailure(response.StatusCode) ? SandboxStatus.Unavailable : SandboxStatus.Failed,
                    $"envd in the sandbox could not store the tool's files ({description})."),
            };
        }
    }

    /// <summary>
    /// Starts <paramref name="process"/> and reads its event stream to the end. envd kills the process when
    /// <paramref name="deadline"/> passes (<c>Connect-Timeout-Ms</c>). Never repeated: a second Start would run the
    /// tool twice.
    /// </summary>
    public async Task<E2BProcessResult> RunAsync(E2BSandboxHandle sandbox, E2BProcessSpec process, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(process);
        using var request = new HttpRequestMessage(HttpMethod.Post, Combine(sandbox.Settings.EnvdUrl(sandbox), "process.Process/Start"));
        AddEnvdHeaders(request, sandbox);
        request.Headers.TryAddWithoutValidation("Connect-Protocol-Version", "1");
        request.Headers.TryAddWithoutValidation("Connect-Timeout-Ms",
            Math.Max(1, (long)Math.Ceiling(deadline.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Keepalive-Ping-Interval", KeepaliveSeconds.ToString(CultureInfo.InvariantCulture));
        if (sandbox.NeedsExplicitUser)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("user:"u8));
        }

        request.Content = new ByteArrayContent(Frame(ConnectFrame.MessageFlag, StartRequest(process)));
        request.Content.Headers.ContentType = ConnectJson;

        HttpClient client = _httpClientFactory.CreateClient(E2BServiceCollectionExtensions.EnvdClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(sandbox, exception);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                string description = await E2BErrorMessage.DescribeAsync(response, sandbox.Settings, sandbox.EnvdAccessToken, cancellationToken).ConfigureAwait(false);
                throw response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => new E2BCallException(SandboxStatus.Failed, $"envd in the sandbox refused to start the runner ({description})."),
                    HttpStatusCode.NotFound => new E2BCallException(SandboxStatus.Failed, $"envd in the sandbox has no process service ({description})."),
                    HttpStatusCode.BadGateway => new E2BCallException(SandboxStatus.Failed, $"The sandbox is gone, likely timed out, before the runner started ({description})."),
                    HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
                        new E2BCallException(SandboxStatus.Unavailable, $"envd in the sandbox is unavailable ({description})."),
                    _ => new E2BCallException(SandboxStatus.Failed, $"envd in the sandbox could not start the runner ({description})."),
                };
            }

            try
            {
                Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    return await ReadEventsAsync(sandbox, new ConnectFrameReader(body), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (HttpRequestException exception)
            {
                // A stream cut because the caller gave up is the caller's cancellation, not a failure of the sandbox.
                cancellationToken.ThrowIfCancellationRequested();
                throw new E2BCallException(SandboxStatus.Failed, $"The sandbox's process stream broke off ({exception.HttpRequestError}).", exception);
            }
            catch (IOException exception)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream broke off.", exception);
            }
        }
    }

    private async Task<E2BProcessResult> ReadEventsAsync(E2BSandboxHandle sandbox, ConnectFrameReader reader, CancellationToken cancellationToken)
    {
        var stdout = new MemoryStream();
        int stderr = 0;
        bool started = false;
        (int Code, bool Exited, string? Status)? end = null;
        while (true)
        {
            ConnectFrame? read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (read is not { } frame)
            {
                throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream ended without its end-of-stream message.");
            }

            if (frame.IsCompressed)
            {
                throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream sent a compressed frame, which Airlock never asked for.");
            }

            if (frame.IsEndStream)
            {
                ThrowOnStreamError(sandbox, frame.Payload.Span);
                if (end is not { } ended)
                {
                    throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream ended without saying how the process ended.");
                }

                LogProcessEnded(_logger, sandbox.SandboxId, ended.Code, ended.Status ?? "", stderr);
                return new E2BProcessResult(ended.Code, ended.Exited, ended.Status, stdout.ToArray(), stderr);
            }

            using JsonDocument document = ParseEvent(frame.Payload);
            if (!document.RootElement.TryGetProperty("event", out JsonElement processEvent) || processEvent.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (processEvent.TryGetProperty("start", out _))
            {
                started = true;
                continue;
            }

            if (!started)
            {
                throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream did not begin with the process's start.");
            }

            if (processEvent.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Object)
            {
                if (data.TryGetProperty("stdout", out JsonElement chunk) && chunk.ValueKind == JsonValueKind.String)
                {
                    byte[] bytes = Base64(chunk);
                    if (stdout.Length + bytes.Length > MaxStdoutBytes)
                    {
                        throw new E2BCallException(SandboxStatus.Killed,
                            $"The tool's result exceeded {MaxStdoutBytes / (1024 * 1024)} MiB; the sandbox was killed.");
                    }

                    stdout.Write(bytes);
                }
                else if (data.TryGetProperty("stderr", out chunk) && chunk.ValueKind == JsonValueKind.String)
                {
                    // What the tool writes to stderr is its own business and may hold anything: only its size is noted.
                    stderr += Base64(chunk).Length;
                }
            }
            else if (processEvent.TryGetProperty("end", out JsonElement endEvent) && endEvent.ValueKind == JsonValueKind.Object)
            {
                end = (ExitCode(endEvent), Bool(endEvent, "exited"), String(endEvent, "status"));
            }

            // keepalive, and any event kind newer than this client: nothing to do.
        }
    }

    private static JsonDocument ParseEvent(ReadOnlyMemory<byte> payload)
    {
        try
        {
            JsonDocument document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream sent a message that is not a JSON object.");
            }

            return document;
        }
        catch (JsonException exception)
        {
            throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream sent a message that is not JSON.", exception);
        }
    }

    private static void ThrowOnStreamError(E2BSandboxHandle sandbox, ReadOnlySpan<byte> payload)
    {
        string? code;
        string? message;
        try
        {
            var reader = new Utf8JsonReader(payload);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out JsonElement error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            code = String(error, "code");
            message = String(error, "message");
        }
        catch (JsonException exception)
        {
            throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream ended with a message that is not JSON.", exception);
        }

        code = string.IsNullOrEmpty(code) ? "unknown" : E2BErrorMessage.Clean(code, sandbox.Settings.ApiKey, sandbox.EnvdAccessToken);
        string text = string.IsNullOrEmpty(message) ? code : $"{code}: {E2BErrorMessage.Clean(message, sandbox.Settings.ApiKey, sandbox.EnvdAccessToken)}";
        throw code switch
        {
            "deadline_exceeded" or "canceled" => new E2BCallException(SandboxStatus.TimedOut, $"envd stopped the runner at its deadline ({text})."),
            "unavailable" => new E2BCallException(SandboxStatus.Failed, $"The sandbox stopped while the runner ran, likely timed out ({text})."),
            "resource_exhausted" => new E2BCallException(SandboxStatus.Unavailable, $"envd in the sandbox is out of capacity ({text})."),
            _ => new E2BCallException(SandboxStatus.Failed, $"envd in the sandbox reported an error running the tool ({text})."),
        };
    }

    private static int ExitCode(JsonElement end)
    {
        // proto3 JSON leaves out zero values, so no exitCode means 0; envd's parser accepts both spellings, so does this.
        foreach (string name in (ReadOnlySpan<string>)["exitCode", "exit_code"])
        {
            if (end.TryGetProperty(name, out JsonElement value))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int code))
                {
                    return code;
                }

                if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out code))
                {
                    return code;
                }

                throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream reported an exit code that is not a number.");
            }
        }

        return 0;
    }

    private static byte[] Base64(JsonElement chunk)
    {
        try
        {
            return chunk.GetBytesFromBase64();
        }
        catch (FormatException exception)
        {
            throw new E2BCallException(SandboxStatus.Failed, "The sandbox's process stream sent output that is not base64.", exception);
        }
    }

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] StartRequest(E2BProcessSpec process)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("process");
            writer.WriteString("cmd", process.Command);
            writer.WriteStartArray("args");
            foreach (string argument in process.Arguments)
            {
                writer.WriteStringValue(argument);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("envs");
            foreach ((string name, string value) in process.Environment)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteString("cwd", process.WorkingDirectory);
            writer.WriteEndObject();

            // envd's default is true (an open stdin nobody writes to); the runner's input is a file.
            writer.WriteBoolean("stdin", false);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Wraps <paramref name="json"/> in a Connect envelope.</summary>
    public static byte[] Frame(byte flags, ReadOnlySpan<byte> json)
    {
        var frame = new byte[5 + json.Length];
        frame[0] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)json.Length);
        json.CopyTo(frame.AsSpan(5));
        return frame;
    }

    private static HttpRequestMessage UploadRequest(E2BSandboxHandle sandbox, Uri url, IReadOnlyList<E2BUpload> files)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        AddEnvdHeaders(request, sandbox);
        var multipart = new MultipartFormDataContent("airlock-" + Guid.NewGuid().ToString("N"));
        foreach (E2BUpload file in files)
        {
            HttpContent part = file.Content is { } bytes
                ? new ByteArrayContent(bytes)
                : new StreamContent(new FileStream(file.HostPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

            // Written by hand, as E2B's SDK writes it: a quoted file name holding the whole target path (the default
            // header would add a filename* parameter envd does not need).
            part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{file.SandboxPath}\"");
            multipart.Add(part);
        }

        request.Content = multipart;
        return request;
    }

    private static void AddEnvdHeaders(HttpRequestMessage request, E2BSandboxHandle sandbox)
    {
        request.Headers.TryAddWithoutValidation("E2b-Sandbox-Id", sandbox.SandboxId);
        request.Headers.TryAddWithoutValidation("E2b-Sandbox-Port", EnvdPort.ToString(CultureInfo.InvariantCulture));
        if (sandbox.EnvdAccessToken.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Access-Token", sandbox.EnvdAccessToken);
        }

        request.Headers.UserAgent.Add(UserAgent);
    }

    private static E2BCallException Unreachable(E2BSandboxHandle sandbox, HttpRequestException exception) =>
        new(SandboxStatus.Failed, $"envd in sandbox {sandbox.SandboxId} could not be reached ({exception.HttpRequestError}).", exception);

    private static bool IsPlainPath(string path)
    {
        foreach (char c in path)
        {
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return path.Length > 0;
    }

    [LoggerMessage(EventId = 92, Level = LogLevel.Debug,
        Message = "The runner in E2B sandbox {SandboxId} ended: exit code {ExitCode} ({ProcessStatus}); it wrote {StderrBytes} bytes to stderr.")]
    private static partial void LogProcessEnded(ILogger logger, string sandboxId, int exitCode, string processStatus, int stderrBytes);
}
