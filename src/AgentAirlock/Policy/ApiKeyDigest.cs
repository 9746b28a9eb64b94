using System.Security.Cryptography;
using System.Text;

namespace AgentAirlock.Policy;

/// <summary>SHA-256 digests of API keys: keys are configured and compared only as digests.</summary>
internal static class ApiKeyDigest
{
    public const int Length = 32;

    // A hash object for each thread, reset by each use: the one-shot SHA256.HashData sets up and frees a digest context
    // for every key presented, which costs more than hashing the key.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public static bool TryParse(string? hex, out byte[] digest)
    {
        digest = [];
        if (hex is null || hex.Length != Length * 2)
        {
            return false;
        }

        try
        {
            digest = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Hashes a presented key into <paramref name="digest"/> (32 bytes) without allocating for short keys.</summary>
    public static void Compute(ReadOnlySpan<char> key, Span<byte> digest)
    {
        int byteCount = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = byteCount > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(byteCount) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[512];
        try
        {
            int written = Encoding.UTF8.GetBytes(key, utf8);
            IncrementalHash sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            try
            {
                sha256.AppendData(utf8[..written]);
                sha256.GetHashAndReset(digest);
            }
            catch
            {
                // A digest that failed midway would still hold part of this key: the thread's next key gets a fresh one.
                t_sha256 = null;
                sha256.Dispose();
                throw;
            }
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
