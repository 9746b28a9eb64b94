using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Benchmarks.Experiment;

/// <summary>
/// Reads the POST body into a pooled array and hands the SDK a <see cref="MemoryStream"/> over it, as Airlock's
/// envelope does, optionally parsing it once with <see cref="JsonDocument"/>; nothing else.
/// </summary>
internal sealed class BufferingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly bool _parse;

    public BufferingMiddleware(RequestDelegate next, bool parse)
    {
        _next = next;
        _parse = parse;
    }

    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/mcp" ? BufferAsync(context) : _next(context);

    private async Task BufferAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        int capacity = (int)Math.Min((request.ContentLength ?? 4096) + 1, 1 << 20);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            using JsonDocument? document = _parse ? JsonDocument.Parse(buffer.AsMemory(0, length)) : null;
            request.Body = new MemoryStream(buffer, 0, length, writable: false);
            request.ContentLength = length;
            await _next(context);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
