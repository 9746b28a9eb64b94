using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>
/// A fake of E2B on one loopback Kestrel port (HTTP/1.1): the control plane (create, get, set-timeout, kill) and envd
/// (files, process Start and SendSignal), following the wire protocol of e2b-protocol.md §2–§5 and §10. It really runs
/// what it is asked to start: the command runs under bubblewrap with the sandbox's temporary directory mounted at
/// <c>/home/user</c> (and the rest of the host file system as it is), and its real stdout and stderr are streamed
/// back as Connect events. Failures are injected per operation; every request is recorded.
/// </summary>
internal sealed class FakeE2BServer : IAsyncDisposable
{
    public const string ApiKey = "e2b_fake_0123456789abcdef";

    private static readonly string[] Operations = ["create", "get", "timeout", "kill", "upload", "download", "start", "signal"];

    private readonly WebApplication _app;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fake-e2b-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<string, FakeE2BSandbox> _sandboxes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? RetryAfter)>> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeE2BRequest> _requests = new();
    private readonly ConcurrentQueue<FakeE2BUpload> _uploads = new();
    private readonly ConcurrentQueue<string> _created = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _sandboxCounter;
    private int _frameCounter;
    private int _dataEvents;

    private FakeE2BServer(WebApplication app)
    {
        _app = app;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Gets the base URL of both planes.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Gets or sets how the process stream of the next Starts departs from a normal run.</summary>
    public FakeE2BStreamFault StreamFault { get; set; }

    /// <summary>Gets or sets the error code and message of <see cref="FakeE2BStreamFault.EndStreamError"/>.</summary>
    public (string Code, string Message) StreamError { get; set; } = ("internal", "the process could not be waited for");

    /// <summary>Gets or sets how a process killed at its deadline is reported.</summary>
    public FakeE2BDeadlineEnding DeadlineEnding { get; set; }

    /// <summary>Gets or sets whether a keepalive event follows every other event, as on a slow stream.</summary>
    public bool InterleaveKeepalives { get; set; }

    /// <summary>Gets how many data events (stdout or stderr chunks) the fake has sent.</summary>
    public int DataEvents => Volatile.Read(ref _dataEvents);

    /// <summary>Gets every request received, in order.</summary>
    public IReadOnlyList<FakeE2BRequest> Requests => [.. _requests];

    /// <summary>Gets every file uploaded, in order.</summary>
    public IReadOnlyList<FakeE2BUpload> Uploads => [.. _uploads];

    /// <summary>Gets the ids of the sandboxes created, in order.</summary>
    public IReadOnlyList<string> Created => [.. _created];

    public FakeE2BSandbox Sandbox(string id) => _sandboxes[id];

    /// <summary>Gets the requests of one operation: <c>create</c>, <c>kill</c>, <c>timeout</c>, <c>upload</c>, <c>start</c>, …</summary>
    public IReadOnlyList<FakeE2BRequest> RequestsOf(string operation) =>
        [.. _requests.Where(request => OperationOf(request.Method, request.Path) == operation)];

    public static async Task<FakeE2BServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(static kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, static listen => listen.Protocols = HttpProtocols.Http1);
        });
        WebApplication app = builder.Build();
        var server = new FakeE2BServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = app.Urls.Single();
        return server;
    }

    /// <summary>Makes the next <paramref name="times"/> requests of <paramref name="operation"/> fail with <paramref name="status"/>.</summary>
    public void FailNext(string operation, int status, int times = 1, string? retryAfter = null)
    {
        Assert.Contains(operation, Operations);
        ConcurrentQueue<(int, string?)> queue = _failures.GetOrAdd(operation, static _ => new());
        for (int i = 0; i < times; i++)
        {
            queue.Enqueue((status, retryAfter));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (FakeE2BSandbox sandbox in _sandboxes.Values)
        {
            sandbox.Kill(expired: false);
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (FakeE2BSandbox sandbox in _sandboxes.Values)
        {
            sandbox.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? OperationOf(string method, string path) => (method, path) switch
    {
        ("POST", "/v2/sandboxes") => "create",
        ("GET", _) when path.StartsWith("/sandboxes/", StringComparison.Ordinal) => "get",
        ("POST", _) when path.StartsWith("/sandboxes/", StringComparison.Ordinal) && path.EndsWith("/timeout", StringComparison.Ordinal) => "timeout",
        ("DELETE", _) when path.StartsWith("/sandboxes/", StringComparison.Ordinal) => "kill",
        ("POST", "/files") => "upload",
        ("GET", "/files") => "download",
        ("POST", "/process.Process/Start") => "start",
        ("POST", "/process.Process/SendSignal") => "signal",
        ("GET", "/health") => "health",
        _ => null,
    };

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string path = request.Path.Value ?? "";
        string? operation = OperationOf(request.Method, path);
        byte[] body = [];
        if (operation is not "upload")
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        _requests.Enqueue(new FakeE2BRequest(request.Method, path, request.QueryString.Value ?? "", headers, body, _clock.Elapsed));

        switch (operation)
        {
            case null:
                await ErrorAsync(context, 404, "route not found");
                return;
            case "health":
                context.Response.StatusCode = 204;
                return;
            case "create" or "get" or "timeout" or "kill":
                await ControlPlaneAsync(context, operation, path, body);
                return;
            default:
                await EnvdAsync(context, operation, body);
                return;
        }
    }

    private bool TryTakeFailure(string operation, out (int Status, string? RetryAfter) failure)
    {
        failure = default;
        return _failures.TryGetValue(operation, out ConcurrentQueue<(int, string?)>? queue) && queue.TryDequeue(out failure);
    }

    private async Task ControlPlaneAsync(HttpContext context, string operation, string path, byte[] body)
    {
        if (context.Request.Headers["X-API-KEY"].ToString() != ApiKey)
        {
            await ErrorAsync(context, 401, "Invalid API key");
            return;
        }

        if (TryTakeFailure(operation, out (int Status, string? RetryAfter) failure))
        {
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            await ErrorAsync(context, failure.Status, "injected failure");
            return;
        }

        if (operation == "create")
        {
            await CreateAsync(context, body);
            return;
        }

        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!_sandboxes.TryGetValue(segments[1], out FakeE2BSandbox? sandbox) || sandbox.Killed)
        {
            await ErrorAsync(context, 404, $"sandbox \"{segments[1]}\" not found");
            return;
        }

        switch (operation)
        {
            case "kill":
                sandbox.Kill(expired: false);
                context.Response.StatusCode = 204;
                return;
            case "timeout":
                using (JsonDocument document = JsonDocument.Parse(body))
                {
                    sandbox.SetLifetime(document.RootElement.GetProperty("timeout").GetInt32(), TimeProvider.System);
                }

                context.Response.StatusCode = 204;
                return;
            default:
                await JsonAsync(context, 200, writer =>
                {
                    writer.WriteString("sandboxID", sandbox.Id);
                    writer.WriteString("templateID", sandbox.Template);
                    writer.WriteString("state", "running");
                    writer.WriteString("envdVersion", "0.6.4");
                });
                return;
        }
    }

    private async Task CreateAsync(HttpContext context, byte[] body)
    {
        string template;
        int lifetime = 300;
        using (JsonDocument document = JsonDocument.Parse(body))
        {
            if (!document.RootElement.TryGetProperty("templateID", out JsonElement templateId) || templateId.GetString() is not { Length: > 0 } name)
            {
                await ErrorAsync(context, 400, "templateID is required");
                return;
            }

            template = name;
            if (document.RootElement.TryGetProperty("timeout", out JsonElement timeout))
            {
                lifetime = timeout.GetInt32();
            }
        }

        string id = "isbx" + Interlocked.Increment(ref _sandboxCounter).ToString("x4", CultureInfo.InvariantCulture);
        var sandbox = new FakeE2BSandbox(id, "tok_" + Guid.NewGuid().ToString("N"), template, Path.Combine(_directory, id));
        sandbox.SetLifetime(lifetime, TimeProvider.System);
        _sandboxes[id] = sandbox;
        _created.Enqueue(id);
        await JsonAsync(context, 201, writer =>
        {
            writer.WriteString("sandboxID", id);
            writer.WriteString("templateID", template);
            writer.WriteString("clientID", "6532622b");
            writer.WriteString("envdVersion", "0.6.4");
            writer.WriteString("alias", template);
            writer.WriteString("envdAccessToken", sandbox.AccessToken);
            writer.WriteNull("trafficAccessToken");
            writer.WriteNull("domain");
        });
    }

    private async Task EnvdAsync(HttpContext context, string operation, byte[] body)
    {
        string id = context.Request.Headers["E2b-Sandbox-Id"].ToString();
        if (!_sandboxes.TryGetValue(id, out FakeE2BSandbox? sandbox) || sandbox.Killed)
        {
            // The edge proxy answers for a sandbox that is gone, before envd is reached.
            await JsonAsync(context, 502, writer =>
            {
                writer.WriteString("sandboxId", id);
                writer.WriteString("message", "The sandbox was not found");
                writer.WriteNumber("code", 502);
            });
            return;
        }

        if (context.Request.Headers["X-Access-Token"].ToString() != sandbox.AccessToken)
        {
            // Plain JSON, even on the Connect routes.
            await ErrorAsync(context, 401, "unauthorized access, please provide a valid access token or method signing if supported");
            return;
        }

        if (TryTakeFailure(operation, out (int Status, string? RetryAfter) failure))
        {
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            await ErrorAsync(context, failure.Status, "injected failure");
            return;
        }

        switch (operation)
        {
            case "upload":
                await UploadAsync(context, sandbox);
                return;
            case "download":
                await DownloadAsync(context, sandbox);
                return;
            case "signal":
                await SignalAsync(context, sandbox, body);
                return;
            default:
                await StartProcessAsync(context, sandbox, body);
                return;
        }
    }

    private async Task UploadAsync(HttpContext context, FakeE2BSandbox sandbox)
    {
        string? queryPath = context.Request.Query.TryGetValue("path", out Microsoft.Extensions.Primitives.StringValues value) ? value.ToString() : null;
        var stored = new List<string>();
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out MediaTypeHeaderValue? contentType)
            && contentType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            if (queryPath is null)
            {
                await ErrorAsync(context, 400, "path query parameter is required for raw body upload");
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (!await StoreAsync(context, sandbox, queryPath, "file", buffer.ToArray(), stored))
            {
                return;
            }
        }
        else if (contentType is not null && contentType.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            string boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).ToString();
            var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                Assert.True(ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition));
                string name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                using var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer, context.RequestAborted);
                if (name != "file")
                {
                    // envd ignores parts with other names.
                    _uploads.Enqueue(new FakeE2BUpload(sandbox.Id, "", name, buffer.ToArray()));
                    continue;
                }

                string target = queryPath ?? HeaderUtilities.RemoveQuotes(disposition.FileName).ToString();
                if (!await StoreAsync(context, sandbox, target, name, buffer.ToArray(), stored))
                {
                    return;
                }
            }
        }
        else
        {
            await ErrorAsync(context, 400, $"unsupported content type: {context.Request.ContentType}, expected multipart/form-data or application/octet-stream");
            return;
        }

        await JsonArrayAsync(context, stored);
    }

    private async Task<bool> StoreAsync(HttpContext context, FakeE2BSandbox sandbox, string target, string partName, byte[] content, List<string> stored)
    {
        string? resolved = FakeE2BSandbox.Resolve(target);
        if (resolved is null)
        {
            await ErrorAsync(context, 400, $"error resolving path: the fake maps only {FakeE2BSandbox.Home}: '{target}'");
            return false;
        }

        if (stored.Contains(resolved))
        {
            await ErrorAsync(context, 400, $"you cannot upload multiple files to the same path '{resolved}' in one upload request");
            return false;
        }

        string host = sandbox.HostPath(resolved);
        if (Directory.Exists(host))
        {
            await ErrorAsync(context, 400, $"path is a directory: {resolved}");
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        await File.WriteAllBytesAsync(host, content, context.RequestAborted);
        stored.Add(resolved);
        _uploads.Enqueue(new FakeE2BUpload(sandbox.Id, resolved, partName, content));
        return true;
    }

    private static async Task DownloadAsync(HttpContext context, FakeE2BSandbox sandbox)
    {
        string target = context.Request.Query["path"].ToString();
        string? resolved = FakeE2BSandbox.Resolve(target);
        string? host = resolved is null ? null : sandbox.HostPath(resolved);
        if (host is null || !File.Exists(host))
        {
            await ErrorAsync(context, 404, $"path '{resolved ?? target}' does not exist");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = $"inline; filename={Path.GetFileName(host)}";
        await context.Response.Body.WriteAsync(await File.ReadAllBytesAsync(host, context.RequestAborted), context.RequestAborted);
    }

    private static async Task SignalAsync(HttpContext context, FakeE2BSandbox sandbox, byte[] body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        int pid = document.RootElement.GetProperty("process").GetProperty("pid").GetInt32();
        try
        {
            using Process process = Process.GetProcessById(pid);
            FakeE2BSandbox.KillTree(process);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}", context.RequestAborted);
        }
        catch (ArgumentException)
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"code\":\"not_found\",\"message\":\"process with pid {pid} not found\"}}", context.RequestAborted);
        }

        _ = sandbox;
    }

    private async Task StartProcessAsync(HttpContext context, FakeE2BSandbox sandbox, byte[] body)
    {
        HttpResponse response = context.Response;
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out MediaTypeHeaderValue? contentType)
            || !contentType.MediaType.Equals("application/connect+json", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 415, "unsupported content type");
            return;
        }

        response.StatusCode = 200;
        response.ContentType = "application/connect+json";
        if (body.Length < 5 || body[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) != body.Length - 5)
        {
            await EndStreamAsync(response, ("invalid_argument", "the request is not exactly one uncompressed Connect envelope"));
            return;
        }

        string command;
        List<string> arguments = [];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        string cwd = FakeE2BSandbox.Home;
        using (JsonDocument document = JsonDocument.Parse(body.AsMemory(5)))
        {
            JsonElement process = document.RootElement.GetProperty("process");
            command = process.GetProperty("cmd").GetString()!;
            if (process.TryGetProperty("args", out JsonElement args))
            {
                arguments.AddRange(args.EnumerateArray().Select(static a => a.GetString()!));
            }

            if (process.TryGetProperty("envs", out JsonElement envs))
            {
                foreach (JsonProperty variable in envs.EnumerateObject())
                {
                    environment[variable.Name] = variable.Value.GetString()!;
                }
            }

            if (process.TryGetProperty("cwd", out JsonElement cwdElement))
            {
                cwd = cwdElement.GetString()!;
            }
        }

        string? resolvedCwd = FakeE2BSandbox.Resolve(cwd);
        if (resolvedCwd is null || !Directory.Exists(sandbox.HostPath(resolvedCwd)))
        {
            await EndStreamAsync(response, ("invalid_argument", $"cwd '{cwd}' does not exist"));
            return;
        }

        TimeSpan? deadline = long.TryParse(context.Request.Headers["Connect-Timeout-Ms"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;
        TimeSpan keepalive = int.TryParse(context.Request.Headers["Keepalive-Ping-Interval"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(90);

        using Process running = Launch(sandbox, command, arguments, environment, resolvedCwd);
        if (!sandbox.Track(running))
        {
            context.Abort();
            return;
        }

        try
        {
            await StreamProcessAsync(context, sandbox, running, deadline, keepalive);
        }
        finally
        {
            sandbox.Untrack(running);
            FakeE2BSandbox.KillTree(running);
            if (sandbox.Killed)
            {
                await running.WaitForExitAsync(CancellationToken.None);
                sandbox.DeleteFiles();
            }
        }
    }

    private static Process Launch(FakeE2BSandbox sandbox, string command, List<string> arguments, Dictionary<string, string> environment, string cwd)
    {
        var start = new ProcessStartInfo("/usr/bin/bwrap")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The host file system as it is, with a private /home whose only entry is this sandbox's /home/user.
        foreach (string argument in (string[])["--dev-bind", "/", "/", "--tmpfs", "/home", "--bind", sandbox.HostHome, FakeE2BSandbox.Home,
                     "--die-with-parent", "--chdir", cwd, "--", command])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The sandbox's default environment (a fresh VM knows nothing of the host's), then the request's envs.
        start.Environment.Clear();
        string dotnetDirectory = Path.GetDirectoryName(Environment.ProcessPath) ?? "/usr/bin";
        start.Environment["PATH"] = $"{dotnetDirectory}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = FakeE2BSandbox.Home;
        start.Environment["USER"] = "user";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process = Process.Start(start)!;

        // The request said stdin: false.
        process.StandardInput.Close();
        return process;
    }

    private async Task StreamProcessAsync(HttpContext context, FakeE2BSandbox sandbox, Process process, TimeSpan? deadline, TimeSpan keepalive)
    {
        HttpResponse response = context.Response;
        var frames = Channel.CreateUnbounded<string>();
        using var expired = new CancellationTokenSource();
        if (deadline is { } limit)
        {
            expired.CancelAfter(limit);
        }

        using CancellationTokenRegistration onDeadline = expired.Token.Register(() => FakeE2BSandbox.KillTree(process));
        using CancellationTokenRegistration onGone = sandbox.Gone.Register(context.Abort);

        await WriteEventAsync(response, $"{{\"start\":{{\"pid\":{process.Id}}}}}");
        Task stdout = PumpAsync(process.StandardOutput.BaseStream, "stdout", frames.Writer);
        Task stderr = PumpAsync(process.StandardError.BaseStream, "stderr", frames.Writer);
        _ = Task.WhenAll(stdout, stderr).ContinueWith(_ => frames.Writer.TryComplete(), TaskScheduler.Default);

        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            idle.CancelAfter(keepalive);
            bool more;
            try
            {
                more = await frames.Reader.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                await WriteEventAsync(response, "{\"keepalive\":{}}");
                continue;
            }

            if (!more)
            {
                break;
            }

            while (frames.Reader.TryRead(out string? data))
            {
                await WriteEventAsync(response, data);
            }
        }

        await process.WaitForExitAsync(context.RequestAborted);
        if (expired.IsCancellationRequested)
        {
            if (DeadlineEnding == FakeE2BDeadlineEnding.DeadlineExceeded)
            {
                await EndStreamAsync(response, ("deadline_exceeded", "context deadline exceeded"));
                return;
            }

            await WriteEventAsync(response, "{\"end\":{\"exitCode\":-1,\"status\":\"signal: killed\",\"error\":\"signal: killed\"}}");
            await EndStreamAsync(response, null);
            return;
        }

        if (StreamFault == FakeE2BStreamFault.EndStreamError)
        {
            await EndStreamAsync(response, StreamError);
            return;
        }

        await WriteEventAsync(response, EndEvent(process.ExitCode));
        if (StreamFault != FakeE2BStreamFault.MissingEndStream)
        {
            await EndStreamAsync(response, null);
        }
    }

    // Go's process state: an exit code, or a signal (which .NET reports as 128 + the signal number). protojson
    // leaves out zero values: no exitCode for 0, no exited for a signal.
    private static string EndEvent(int exitCode)
    {
        if (exitCode > 128 && exitCode < 128 + 65)
        {
            string signal = (exitCode - 128) switch
            {
                9 => "killed",
                15 => "terminated",
                24 => "CPU time limit exceeded",
                6 => "aborted",
                11 => "segmentation fault",
                int other => "signal " + other.ToString(CultureInfo.InvariantCulture),
            };
            return $"{{\"end\":{{\"exitCode\":-1,\"status\":\"signal: {signal}\",\"error\":\"signal: {signal}\"}}}}";
        }

        return exitCode == 0
            ? "{\"end\":{\"exited\":true,\"status\":\"exit status 0\"}}"
            : $"{{\"end\":{{\"exitCode\":{exitCode},\"exited\":true,\"status\":\"exit status {exitCode}\",\"error\":\"exit status {exitCode}\"}}}}";
    }

    private async Task PumpAsync(Stream stream, string name, ChannelWriter<string> frames)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            Interlocked.Increment(ref _dataEvents);
            frames.TryWrite($"{{\"data\":{{\"{name}\":\"{Convert.ToBase64String(buffer, 0, read)}\"}}}}");
        }
    }

    private async Task WriteEventAsync(HttpResponse response, string processEvent)
    {
        await WriteFrameAsync(response, 0x00, Vary("{\"event\":" + processEvent + "}"));
        if (InterleaveKeepalives && !processEvent.StartsWith("{\"keepalive\"", StringComparison.Ordinal))
        {
            await WriteFrameAsync(response, 0x00, Vary("{\"event\":{\"keepalive\":{}}}"));
        }
    }

    private async Task EndStreamAsync(HttpResponse response, (string Code, string Message)? error)
    {
        string payload = error is { } e
            ? $"{{\"error\":{{\"code\":{JsonSerializer.Serialize(e.Code)},\"message\":{JsonSerializer.Serialize(e.Message)}}}}}"
            : "{}";
        await WriteFrameAsync(response, 0x02, Vary(payload));
    }

    // Go's protojson varies its whitespace on purpose; so does the fake, every other frame.
    private string Vary(string json) =>
        Interlocked.Increment(ref _frameCounter) % 2 == 0 ? json.Replace("\":", "\": ", StringComparison.Ordinal).Replace(",\"", ", \"", StringComparison.Ordinal) : json;

    private static async Task WriteFrameAsync(HttpResponse response, byte flags, string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        var frame = new byte[5 + payload.Length];
        frame[0] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        await response.Body.WriteAsync(frame);
        await response.Body.FlushAsync();
    }

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonAsync(context, status, writer =>
        {
            writer.WriteNumber("code", status);
            writer.WriteString("message", message);
        });

    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    private static async Task JsonArrayAsync(HttpContext context, List<string> paths)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (string path in paths)
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteString("name", Path.GetFileName(path));
                writer.WriteString("type", "file");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.ToArray());
    }
}
