using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Protocol;

/// <summary>
/// Reads a request body into one pooled array, enforcing the size limit while copying (a missing or false
/// <c>Content-Length</c> cannot get past it).
/// </summary>
internal static class RequestBodyReader
{
    private const int UnknownLengthInitialCapacity = 4096;

    /// <summary>
    /// Returns the rented array holding the body, or <see langword="null"/> when the body is larger than
    /// <paramref name="maxBytes"/>. The caller returns the array to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    public static async ValueTask<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        long? declared = request.ContentLength;
        if (declared > maxBytes)
        {
            return (null, 0);
        }

        // One byte more than the limit, so an oversized body is seen without reading all of it.
        int ceiling = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        int capacity = declared is long known ? (int)Math.Min(known + 1, ceiling) : Math.Min(UnknownLengthInitialCapacity, ceiling);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        int total = 0;
        try
        {
            while (true)
            {
                // total <= maxBytes < ceiling here, so a full window means the array (not the limit) is exhausted.
                int window = Math.Min(buffer.Length, ceiling);
                if (total == window)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, ceiling));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(total, window - total), cancellationToken);
                if (read == 0)
                {
                    return (buffer, total);
                }

                total += read;
                if (total > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                // The server enforces Content-Length, so a body that has reached it is complete: skip the read that
                // would only report the end.
                if (total == declared)
                {
                    return (buffer, total);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
