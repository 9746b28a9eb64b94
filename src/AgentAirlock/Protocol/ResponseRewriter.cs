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
/// request (notifications, requests to the client) pass unchanged, as does every other byte of a frame. A transform
/// whose work was done where the result was made is withdrawn (<see cref="Remove"/>); with none left, the body passes
/// through unread.
/// </summary>
internal sealed class ResponseRewriter : Stream, IHttpResponseBodyFeature
{
    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly JsonElement _requestId;
    // Replaced, never changed in place: a transform may be withdrawn while a notification of the same call is written.
    private ResponseTransform[] _transforms = [];

    // Buffers for the life of the rewriter (one request), rented on first use and cleared between uses: whole frames
    // written at once, the common case, need neither the pending bytes nor the joined data.
    private PooledBufferWriter? _pending;
    private PooledBufferWriter? _output;
    private PooledBufferWriter? _data;
    private PooledBufferWriter? _next;
    private PooledBufferWriter? _spare;
    private PipeWriter? _pipeWriter;
    private bool? _eventStream;
    private bool _completed;

    /// <summary>The deepest message the transforms read: the deepest request the envelope can be configured to accept.</summary>
    private const int MaxResponseDepth = 256;

    private static readonly JsonDocumentOptions ResponseDocumentOptions = new() { MaxDepth = MaxResponseDepth };

    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

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

    /// <summary>Gets the bytes of an incomplete frame or of a whole JSON body, kept until the rest arrives.</summary>
    private PooledBufferWriter Pending => _pending ??= new PooledBufferWriter(4096);

    public void Add(ResponseTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        Replace(transform, static (current, added) => [.. current, added]);
    }

    /// <summary>Withdraws a transform that has nothing left to do (the response was rewritten where it was made).</summary>
    public void Remove(ResponseTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        Replace(transform, static (current, removed) => Array.IndexOf(current, removed) is int index and >= 0
            ? [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)]
            : current);
    }

    private void Replace(ResponseTransform transform, Func<ResponseTransform[], ResponseTransform, ResponseTransform[]> change)
    {
        ResponseTransform[] current;
        do
        {
            current = Volatile.Read(ref _transforms);
        }
        while (Interlocked.CompareExchange(ref _transforms, change(current, transform), current) != current);
    }

    /// <summary>Gets whether the body passes through as written: no transform is left and nothing is held back.</summary>
    private bool PassesThrough => Volatile.Read(ref _transforms).Length == 0 && _pending is not { WrittenCount: > 0 };

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

        if (_pending is { WrittenCount: > 0 } pending)
        {
            ReadOnlyMemory<byte> body = pending.WrittenMemory;
            ReadOnlyMemory<byte> written = body;
            if (_eventStream == true)
            {
                if (TryTransformEvent(body, out ReadOnlyMemory<byte> message))
                {
                    PooledBufferWriter output = ClearedOutput(body.Length);
                    WriteEvent(body.Span, message.Span, output);
                    written = output.WrittenMemory;
                }
            }
            else if (Transform(body, out ReadOnlyMemory<byte> message))
            {
                written = message;
            }

            // What is written may be the pending bytes themselves: they are cleared once the write is done.
            await _inner.Stream.WriteAsync(written, _context.RequestAborted);
            pending.Clear();
        }

        _context.Features.Set(_inner);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _eventStream == true || PassesThrough ? _inner.Stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        PassesThrough ? _inner.Stream.WriteAsync(buffer, cancellationToken) : RewriteAsync(buffer, cancellationToken);

    private async ValueTask RewriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
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

        if (_eventStream != true)
        {
            Pending.Write(buffer.Span);
            return;
        }

        // The common write is whole frames (the SDK flushes one frame at a time): with nothing pending they are read
        // where they are, and only an incomplete tail is copied. A write that continues a pending frame is appended to
        // it, as a frame's end may straddle the two.
        ReadOnlyMemory<byte> input = buffer;
        PooledBufferWriter? pending = _pending is { WrittenCount: > 0 } ? _pending : null;
        if (pending is not null)
        {
            pending.Write(buffer.Span);
            input = pending.WrittenMemory;
        }

        // Frames left alone are not copied one by one: output is only started by a rewritten frame, and then takes
        // the unchanged bytes before it (input[copied..]) in one piece.
        PooledBufferWriter? output = null;
        int consumed = 0;
        int copied = 0;
        while (FindEventEnd(input.Span[consumed..], out int length))
        {
            ReadOnlyMemory<byte> frame = input.Slice(consumed, length);
            if (TryTransformEvent(frame, out ReadOnlyMemory<byte> message))
            {
                output ??= ClearedOutput(input.Length);
                output.Write(input.Span[copied..consumed]);
                WriteEvent(frame.Span, message.Span, output);
                copied = consumed + length;
            }

            consumed += length;
        }

        if (pending is null && consumed < input.Length)
        {
            // The caller's buffer is only lent for this call: the start of the next frame is kept in a copy.
            Pending.Write(input.Span[consumed..]);
        }

        if (consumed == 0)
        {
            return;
        }

        ReadOnlyMemory<byte> written = input[..consumed];
        if (output is not null)
        {
            output.Write(input.Span[copied..consumed]);
            written = output.WrittenMemory;
        }

        try
        {
            await _inner.Stream.WriteAsync(written, cancellationToken);
        }
        finally
        {
            // What was written may be the pending bytes themselves: they are dropped only once the write is done.
            pending?.RemoveStart(consumed);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending?.Dispose();
            _output?.Dispose();
            _data?.Dispose();
            _next?.Dispose();
            _spare?.Dispose();
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
    /// Applies the transforms to one event's message: its data lines, joined as SSE defines. <see langword="false"/>
    /// when the event has no data or nothing changed; otherwise <paramref name="message"/> is the new message.
    /// </summary>
    private bool TryTransformEvent(ReadOnlyMemory<byte> frame, out ReadOnlyMemory<byte> message)
    {
        ReadOnlySpan<byte> span = frame.Span;
        int dataLines = 0;
        int firstStart = 0;
        int firstLength = 0;
        PooledBufferWriter? joined = null;
        foreach (Range range in span.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = span[range].TrimEnd((byte)'\r');
            if (!line.StartsWith("data:"u8))
            {
                continue;
            }

            int skip = line.Length > 5 && line[5] == (byte)' ' ? 6 : 5;
            ReadOnlySpan<byte> value = line[skip..];
            if (dataLines++ == 0)
            {
                firstStart = range.Start.GetOffset(span.Length) + skip;
                firstLength = value.Length;
                continue;
            }

            if (joined is null)
            {
                joined = ClearedData(span.Length);
                joined.Write(span.Slice(firstStart, firstLength));
            }

            joined.Write("\n"u8);
            joined.Write(value);
        }

        if (dataLines == 0)
        {
            message = default;
            return false;
        }

        // One data line, the common frame: the message is that line's value, read in place.
        return Transform(joined is null ? frame.Slice(firstStart, firstLength) : joined.WrittenMemory, out message);
    }

    /// <summary>
    /// Writes an event whose message a transform changed: the data lines are replaced by one line holding the new
    /// message and every other line is kept.
    /// </summary>
    private static void WriteEvent(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> message, PooledBufferWriter output)
    {
        bool wroteData = false;
        foreach (Range range in frame.TrimEnd("\r\n"u8).Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = frame[range].TrimEnd((byte)'\r');
            if (line.StartsWith("data:"u8))
            {
                if (!wroteData)
                {
                    // A message may hold line breaks (kept from data spread over several lines): one data line each.
                    foreach (Range part in message.Split((byte)'\n'))
                    {
                        output.Write("data: "u8);
                        output.Write(message[part].TrimEnd((byte)'\r'));
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

    /// <summary>
    /// Applies the transforms to the response to this request; <see langword="false"/> when nothing changed, otherwise
    /// <paramref name="rewritten"/> is the new message. It lives in this rewriter's buffers until the next call.
    /// </summary>
    /// <remarks>The document reads <paramref name="json"/> in place: the caller keeps it alive until this returns.</remarks>
    private bool Transform(ReadOnlyMemory<byte> json, out ReadOnlyMemory<byte> rewritten)
    {
        rewritten = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ResponseDocumentOptions);
        }
        catch (JsonException) when (IsJson(json.Span))
        {
            // Well-formed, but nested deeper than a transform reads: what the transforms guard (a result's personal data)
            // must not leave unchecked, so the message is withheld and the caller told why.
            PooledBufferWriter refusal = _next ??= new PooledBufferWriter(256);
            refusal.Clear();
            McpResponseWriter.WriteError(refusal, _requestId, McpProtocol.InternalError,
                $"[airlock] the server's answer is nested more than {MaxResponseDepth} levels deep, too deep to be checked; it was withheld.");
            rewritten = refusal.WrittenMemory;
            return true;
        }
        catch (JsonException)
        {
            // Not JSON, so not a message (an SSE frame may carry anything): it passes as it is.
            return false;
        }

        bool changed = false;
        ResponseTransform[] transforms = Volatile.Read(ref _transforms);
        try
        {
            for (int i = 0; i < transforms.Length; i++)
            {
                JsonElement message = document.RootElement;
                if (!IsResponseToRequest(message))
                {
                    // What an earlier transform made is no longer the response: no message is written for it.
                    rewritten = default;
                    return changed;
                }

                PooledBufferWriter next = _next ??= new PooledBufferWriter(json.Length + 64);
                next.Clear();
                if (!transforms[i](message, next))
                {
                    continue;
                }

                changed = true;

                // What a re-parse would have given for the root value, without the parse.
                rewritten = RootValue(next.WrittenMemory);
                if (i == transforms.Length - 1)
                {
                    break;
                }

                // Another transform follows and reads what this one wrote, in place: the writer holding it is set
                // aside while the next transform writes into the other one.
                document.Dispose();
                document = JsonDocument.Parse(rewritten);
                (_next, _spare) = (_spare, _next);
            }

            return changed;
        }
        finally
        {
            document.Dispose();
        }
    }

    /// <summary>Whether <paramref name="json"/> is one well-formed JSON value, however deep.</summary>
    private static bool IsJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>What a parse of <paramref name="json"/> reads as its root value: the bytes without the whitespace around them.</summary>
    private static ReadOnlyMemory<byte> RootValue(ReadOnlyMemory<byte> json)
    {
        ReadOnlySpan<byte> span = json.Span;
        int start = span.IndexOfAnyExcept(JsonWhitespace);
        return start < 0 ? default : json[start..(span.LastIndexOfAnyExcept(JsonWhitespace) + 1)];
    }

    /// <summary>The writer of a rewritten chunk, cleared: one for the life of the rewriter (one request).</summary>
    private PooledBufferWriter ClearedOutput(int length)
    {
        _output ??= new PooledBufferWriter(length + 256);
        _output.Clear();
        return _output;
    }

    /// <summary>The writer of the joined data lines of a frame, cleared.</summary>
    private PooledBufferWriter ClearedData(int length)
    {
        _data ??= new PooledBufferWriter(length);
        _data.Clear();
        return _data;
    }

    private bool IsResponseToRequest(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("id"u8, out JsonElement id)
        && _requestId.ValueKind != JsonValueKind.Undefined
        && JsonElement.DeepEquals(id, _requestId)
        && (message.TryGetProperty("result"u8, out _) || message.TryGetProperty("error"u8, out _));
}
