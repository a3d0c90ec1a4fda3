using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventBroker.Protocol.Messages;

/// <summary>The client message id (UNIQ_KEY property): generation, mapping to an event id, and its timestamp.</summary>
public static class UniqueKey
{
    /// <summary>
    /// Namespace of the name-based ids <see cref="ToEventId"/> derives for keys that are not 32 hex chars
    /// (IPv6 clients' 56-char keys, ids other clients invent). Fixed forever: changing it changes every such id.
    /// </summary>
    public static readonly Guid EventIdNamespace = new("6f1d3a52-8c1e-4b7a-9d42-5e0b7c3f2a19");

    /// <summary>A Java-style key from this process's <see cref="UniqueKeyGenerator.Shared"/> generator.</summary>
    public static string Create() => UniqueKeyGenerator.Shared.Create();

    /// <summary>
    /// A Guid for the message: a 32-hex-char key is its own 16 bytes (in order, so <see cref="FromEventId"/>
    /// gives the key back); any other key maps to a deterministic name-based (SHA-1, version 5) UUID.
    /// </summary>
    public static Guid ToEventId(ReadOnlySpan<char> uniqKey)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (uniqKey.Length == 32 && TryParseHex(uniqKey, bytes))
        {
            return new Guid(bytes, bigEndian: true);
        }
        return NameBasedGuid(uniqKey);
    }

    /// <summary>The 32 upper-case hex chars of an event id made from a 32-char key.</summary>
    public static string FromEventId(Guid eventId)
    {
        Span<byte> bytes = stackalloc byte[16];
        eventId.TryWriteBytes(bytes, bigEndian: true, out _);
        return Convert.ToHexString(bytes);
    }

    /// <summary>
    /// The time a Java-style key was created, as MessageClientIDSetter.getNearlyTimeFromID reads it: the key
    /// holds milliseconds since the start of a month, taken as this month unless that lies in the future.
    /// </summary>
    public static bool TryDecodeTimestamp(ReadOnlySpan<char> uniqKey, out DateTimeOffset timestamp) =>
        TryDecodeTimestamp(uniqKey, DateTimeOffset.Now, TimeZoneInfo.Local, out timestamp);

    public static bool TryDecodeTimestamp(ReadOnlySpan<char> uniqKey, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(zone);
        timestamp = default;
        if (uniqKey.Length is not (32 or 56))
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[28];
        bytes = bytes[..(uniqKey.Length / 2)];
        if (!TryParseHex(uniqKey, bytes))
        {
            return false;
        }
        var ipLength = bytes.Length == 28 ? 16 : 4;
        // Java reads the four bytes as an unsigned long.
        var sinceMonthStart = (long)BinaryPrimitives.ReadUInt32BigEndian(bytes[(ipLength + 6)..]);
        var monthStart = StartOfMonth(now, zone);
        if (monthStart.ToUnixTimeMilliseconds() + sinceMonthStart >= now.ToUnixTimeMilliseconds())
        {
            monthStart = StartOfMonth(monthStart.AddDays(-1), zone);
        }
        timestamp = monthStart.AddMilliseconds(sinceMonthStart);
        return true;
    }

    /// <summary>Midnight of the first day of <paramref name="instant"/>'s month in <paramref name="zone"/>.</summary>
    internal static DateTimeOffset StartOfMonth(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var start = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(start, zone.GetUtcOffset(start));
    }

    private static bool TryParseHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            if (!byte.TryParse(hex.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out destination[i]))
            {
                return false;
            }
        }
        return true;
    }

    // RFC 4122 §4.3: SHA-1 over namespace bytes (network order) + UTF-8 name; version 5, RFC variant.
    private static Guid NameBasedGuid(ReadOnlySpan<char> name)
    {
        var nameLength = Encoding.UTF8.GetByteCount(name);
        var input = nameLength <= 512 ? stackalloc byte[16 + nameLength] : new byte[16 + nameLength];
        EventIdNamespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
