using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EventBroker.Gateway.Acl;

/// <summary>
/// RocketMQ's request signature: Base64(HmacSHA1(secretKey, values of the ext fields sorted by key in Java
/// String order, concatenated with no separators, then the body)). Java's String.compareTo orders by UTF-16 code
/// unit, which is what ordinal comparison does, so "AccessKey" &lt; "OnsChannel" &lt; "a" &lt; "b".
/// </summary>
public static class AclSignature
{
    public const string SignatureKey = "Signature";
    public const string AccessKeyKey = "AccessKey";
    public const string SecurityTokenKey = "SecurityToken";

    /// <summary>Left out of the server's content: RocketMQ's broker never signs over it (the Java client does).</summary>
    public const string UniqueKeyQueryKey = "_UNIQUE_KEY_QUERY";

    /// <summary>The signature of <paramref name="fields"/> (skipping Signature and the <paramref name="excluded"/> key) and the body.</summary>
    public static string Compute(IReadOnlyDictionary<string, string>? fields, ReadOnlySpan<byte> body, string secretKey, string? excluded = UniqueKeyQueryKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        Span<byte> hash = stackalloc byte[20];
        Hash(fields, body, Encoding.UTF8.GetBytes(secretKey), excluded, hash);
        return Convert.ToBase64String(hash);
    }

    /// <summary>Whether <paramref name="signature"/> is the account's signature over the request, compared in constant time.</summary>
    public static bool Verify(IReadOnlyDictionary<string, string>? fields, ReadOnlySpan<byte> body, byte[] secretKey, string signature, string? excluded)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Span<byte> hash = stackalloc byte[20];
        Hash(fields, body, secretKey, excluded, hash);
        Span<char> expected = stackalloc char[28];
        if (!Convert.TryToBase64Chars(hash, expected, out var written))
        {
            return false;
        }
        expected = expected[..written];
        return signature.Length == expected.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature.AsSpan()));
    }

    private static void Hash(IReadOnlyDictionary<string, string>? fields, ReadOnlySpan<byte> body, byte[] secretKey, string? excluded, Span<byte> hash)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, secretKey);
        if (fields is { Count: > 0 })
        {
            var keys = ArrayPool<string>.Shared.Rent(fields.Count);
            var count = 0;
            foreach (var key in fields.Keys)
            {
                if (key != SignatureKey && key != excluded)
                {
                    keys[count++] = key;
                }
            }
            Array.Sort(keys, 0, count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                Append(hmac, fields[keys[i]]);
            }
            Array.Clear(keys, 0, count);
            ArrayPool<string>.Shared.Return(keys);
        }
        hmac.AppendData(body);
        hmac.GetHashAndReset(hash);
    }

    private static void Append(IncrementalHash hmac, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[512];
            hmac.AppendData(buffer[..Encoding.UTF8.GetBytes(value, buffer)]);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(max);
        hmac.AppendData(rented, 0, Encoding.UTF8.GetBytes(value, rented));
        ArrayPool<byte>.Shared.Return(rented);
    }
}
