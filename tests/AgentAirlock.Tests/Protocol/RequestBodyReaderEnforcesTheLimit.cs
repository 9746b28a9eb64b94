using System.Buffers;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Tests.Protocol;

public sealed class RequestBodyReaderEnforcesTheLimit
{
    /// <summary>A stream that hands out at most a few bytes per read, as a chunked body arrives.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public int BytesRead => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Bytes(int length)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)('a' + (i % 26));
        }

        return data;
    }

    private static HttpRequest RequestWith(Stream body, long? contentLength)
    {
        HttpRequest request = new DefaultHttpContext().Request;
        request.Body = body;
        request.ContentLength = contentLength;
        return request;
    }

    private static async Task<byte[]?> ReadAsync(HttpRequest request, long limit)
    {
        (byte[]? buffer, int length) = await RequestBodyReader.ReadAsync(request, limit, CancellationToken.None);
        if (buffer is null)
        {
            Assert.Equal(0, length);
            return null;
        }

        byte[] copy = buffer.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return copy;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(10_000)]
    public async Task A_body_exactly_at_the_limit_with_a_content_length_is_read_whole(int size)
    {
        byte[] data = Bytes(size);

        byte[]? read = await ReadAsync(RequestWith(new MemoryStream(data), size), size);

        Assert.Equal(data, read);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(10_000)]
    public async Task A_body_one_byte_over_the_limit_with_a_content_length_is_refused(int limit)
    {
        Assert.Null(await ReadAsync(RequestWith(new MemoryStream(Bytes(limit + 1)), limit + 1), limit));
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_without_reading_the_body()
    {
        var body = new TrickleStream(Bytes(1000), 10);

        Assert.Null(await ReadAsync(RequestWith(body, 1000), 999));
        Assert.Equal(0, body.BytesRead);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4096, 7)]
    [InlineData(4097, 4096)]
    [InlineData(20_000, 333)]
    public async Task A_chunked_body_of_unknown_length_exactly_at_the_limit_is_read_whole(int size, int chunk)
    {
        byte[] data = Bytes(size);

        byte[]? read = await ReadAsync(RequestWith(new TrickleStream(data, chunk), contentLength: null), size);

        Assert.Equal(data, read);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4096, 7)]
    [InlineData(4097, 4096)]
    [InlineData(20_000, 333)]
    public async Task A_chunked_body_of_unknown_length_one_byte_over_the_limit_is_refused(int limit, int chunk)
    {
        Assert.Null(await ReadAsync(RequestWith(new TrickleStream(Bytes(limit + 1), chunk), contentLength: null), limit));
    }

    [Fact]
    public async Task A_chunked_body_far_over_the_limit_is_not_read_to_its_end()
    {
        var body = new TrickleStream(Bytes(1_000_000), 100);

        Assert.Null(await ReadAsync(RequestWith(body, contentLength: null), 1000));
        Assert.True(body.BytesRead <= 1100, $"read {body.BytesRead} bytes");
    }

    [Fact]
    public async Task A_content_length_that_understates_the_body_cannot_get_past_the_limit()
    {
        Assert.Null(await ReadAsync(RequestWith(new TrickleStream(Bytes(5000), 512), contentLength: 10), 1000));
    }

    [Fact]
    public async Task A_content_length_that_understates_a_small_body_still_yields_every_byte()
    {
        byte[] data = Bytes(700);

        byte[]? read = await ReadAsync(RequestWith(new TrickleStream(data, 64), contentLength: 10), 1000);

        Assert.Equal(data, read);
    }

    [Fact]
    public async Task A_content_length_that_overstates_the_body_yields_the_bytes_that_came()
    {
        byte[] data = Bytes(50);

        byte[]? read = await ReadAsync(RequestWith(new MemoryStream(data), contentLength: 500), 1000);

        Assert.Equal(data, read);
    }

    [Fact]
    public async Task An_empty_body_is_read_as_empty()
    {
        byte[]? read = await ReadAsync(RequestWith(new MemoryStream(), contentLength: 0), 10);

        Assert.NotNull(read);
        Assert.Empty(read);
    }
}
