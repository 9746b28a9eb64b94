using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentAirlock.Protocol;

/// <summary>
/// Rewrites the JSON-RPC response to a request: the one wrapper of the response body. Layers register transforms on
/// the request (<see cref="McpRequest.AddResponseTransform"/>) and never wrap the body themselves. An event stream is
/// read frame by frame and each frame written on as soon as it is complete, so streaming (progress, logging) is kept
/// and memory is bounded by one frame; a plain JSON body is buffered whole. Frames other than the response to this
/// request (notifications, requests to the client) pass unchanged, as does every other byte of a frame.
/// </summary>
internal sealed class ResponseRewriter : Stream, IHttpResponseBodyFeature
{
    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly JsonElement _requestId;
    private readonly List<ResponseTransform> _transforms = [];
    private readonly PooledBufferWriter _pending = new(4096);
    private PipeWriter? _pipeWriter;
    private bool? _eventStream;
    private bool _completed;

    public ResponseRewriter(HttpContext context, JsonElement requestId)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _inner = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        _requestId = requestId.ValueKind == JsonValueKind.Undefined ? default : requestId.Clone();
        context.Features.Set<IHttpResponseBodyFeature>(this);
    }

    public Stream Stream => this;

    public PipeWriter Writer => _pipeWriter ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void Add(ResponseTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        _transforms.Add(transform);
    }

    public void DisableBuffering() => _inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    /// <summary>Writes what is still buffered and hands the body back to the server.</summary>
    public async Task CompleteAsync()
    {
        await FinishAsync();
        await _inner.CompleteAsync();
    }

    /// <summary>Processes and writes whatever is buffered (a whole JSON body, or an unterminated last frame), once.</summary>
    public async Task FinishAsync()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_pipeWriter is not null)
        {
            await _pipeWriter.FlushAsync();
        }

        if (_pending.WrittenCount > 0)
        {
            using var output = new PooledBufferWriter(_pending.WrittenCount + 256);
            if (_eventStream == true)
            {
                WriteEvent(_pending.WrittenSpan, output);
            }
            else
            {
                WriteMessage(_pending.WrittenMemory, output);
            }

            _pending.Clear();
            await _inner.Stream.WriteAsync(output.WrittenMemory, _context.RequestAborted);
        }

        _context.Features.Set(_inner);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _eventStream == true ? _inner.Stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_eventStream is null)
        {
            _eventStream = _context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;

            // The body's length may change; it is sent chunked.
            if (!_context.Response.HasStarted)
            {
                _context.Response.ContentLength = null;
            }
        }

        _pending.Write(buffer.Span);
        if (_eventStream != true)
        {
            return;
        }

        using var output = new PooledBufferWriter(buffer.Length + 256);
        int consumed = 0;
        ReadOnlySpan<byte> pending = _pending.WrittenSpan;
        while (FindEventEnd(pending[consumed..], out int length))
        {
            WriteEvent(pending.Slice(consumed, length), output);
            consumed += length;
        }

        if (consumed > 0)
        {
            _pending.RemoveStart(consumed);
            await _inner.Stream.WriteAsync(output.WrittenMemory, cancellationToken);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Finds the end of the first complete event (its blank line included).</summary>
    private static bool FindEventEnd(ReadOnlySpan<byte> data, out int length)
    {
        int lf = data.IndexOf("\n\n"u8);
        int crlf = data.IndexOf("\r\n\r\n"u8);
        if (lf < 0 && crlf < 0)
        {
            length = 0;
            return false;
        }

        length = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf + 2;
        return true;
    }

    /// <summary>
    /// Writes one event: its data lines (joined, as SSE defines) are the message; when a transform changes the
    /// message, the data lines are replaced by one line holding the new message and every other line is kept.
    /// </summary>
    private void WriteEvent(ReadOnlySpan<byte> frame, PooledBufferWriter output)
    {
        using var data = new PooledBufferWriter(frame.Length);
        int dataLines = 0;
        foreach (Range range in frame.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = frame[range].TrimEnd((byte)'\r');
            if (line.StartsWith("data:"u8))
            {
                ReadOnlySpan<byte> value = line[5..];
                if (value.StartsWith(" "u8))
                {
                    value = value[1..];
                }

                if (dataLines++ > 0)
                {
                    data.Write("\n"u8);
                }

                data.Write(value);
            }
        }

        using var message = new PooledBufferWriter(0);
        if (dataLines == 0 || !Transform(data.WrittenMemory, message))
        {
            output.Write(frame);
            return;
        }

        bool wroteData = false;
        foreach (Range range in frame.TrimEnd("\r\n"u8).Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = frame[range].TrimEnd((byte)'\r');
            if (line.StartsWith("data:"u8))
            {
                if (!wroteData)
                {
                    // A message may hold line breaks (kept from data spread over several lines): one data line each.
                    ReadOnlySpan<byte> rewritten = message.WrittenSpan;
                    foreach (Range part in rewritten.Split((byte)'\n'))
                    {
                        output.Write("data: "u8);
                        output.Write(rewritten[part].TrimEnd((byte)'\r'));
                        output.Write("\n"u8);
                    }

                    wroteData = true;
                }

                continue;
            }

            output.Write(line);
            output.Write("\n"u8);
        }

        output.Write("\n"u8);
    }

    private void WriteMessage(ReadOnlyMemory<byte> body, PooledBufferWriter output)
    {
        using var message = new PooledBufferWriter(0);
        output.Write(Transform(body, message) ? message.WrittenSpan : body.Span);
    }

    /// <summary>Applies the transforms to the response to this request; <see langword="false"/> when nothing changed.</summary>
    /// <remarks>The document reads <paramref name="json"/> in place: the caller keeps it alive until this returns.</remarks>
    private bool Transform(ReadOnlyMemory<byte> json, PooledBufferWriter output)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return false;
        }

        bool changed = false;
        try
        {
            foreach (ResponseTransform transform in _transforms)
            {
                JsonElement message = document.RootElement;
                if (!IsResponseToRequest(message))
                {
                    return changed;
                }

                using var next = new PooledBufferWriter(json.Length + 64);
                if (!transform(message, next))
                {
                    continue;
                }

                changed = true;
                document.Dispose();

                // The next transform reads what this one wrote, so that memory must outlive the loop: copy it once.
                document = JsonDocument.Parse(next.WrittenMemory.ToArray());
            }

            if (changed)
            {
                output.Write(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement));
            }

            return changed;
        }
        finally
        {
            document.Dispose();
        }
    }

    private bool IsResponseToRequest(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("id"u8, out JsonElement id)
        && _requestId.ValueKind != JsonValueKind.Undefined
        && JsonElement.DeepEquals(id, _requestId)
        && (message.TryGetProperty("result"u8, out _) || message.TryGetProperty("error"u8, out _));
}
