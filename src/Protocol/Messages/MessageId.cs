using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// The offsetMsgId: upper-case hex of storeHost address + port (int32) + commit-log offset (int64), 32 chars
/// for an IPv4 store host and 56 for IPv6. Clients decode it to find the broker and the offset
/// (VIEW_MESSAGE_BY_ID, END_TRANSACTION, retries).
/// </summary>
public static class MessageId
{
    public const int OffsetMsgIdLengthV4 = 32;
    public const int OffsetMsgIdLengthV6 = 56;

    public static string CreateOffsetMsgId(IPEndPoint storeHost, long physicalOffset)
    {
        Span<char> id = stackalloc char[OffsetMsgIdLengthV6];
        var length = WriteOffsetMsgId(id, storeHost, physicalOffset);
        return new string(id[..length]);
    }

    /// <returns>The chars written: 32 or 56.</returns>
    public static int WriteOffsetMsgId(Span<char> destination, IPEndPoint storeHost, long physicalOffset)
    {
        ArgumentNullException.ThrowIfNull(storeHost);
        Span<byte> host = stackalloc byte[20];
        var hostLength = HostCodec.Write(host, storeHost);
        return WriteOffsetMsgId(destination, host[..hostLength], physicalOffset);
    }

    /// <summary>From the storeHost bytes as a record holds them (8 or 20 bytes), without building an IPEndPoint.</summary>
    public static int WriteOffsetMsgId(Span<char> destination, ReadOnlySpan<byte> storeHostBytes, long physicalOffset)
    {
        if (storeHostBytes.Length is not (8 or 20))
        {
            throw new ArgumentException("A store host is 8 (IPv4) or 20 (IPv6) bytes.", nameof(storeHostBytes));
        }
        Span<byte> raw = stackalloc byte[28];
        storeHostBytes.CopyTo(raw);
        BinaryPrimitives.WriteInt64BigEndian(raw[storeHostBytes.Length..], physicalOffset);
        raw = raw[..(storeHostBytes.Length + 8)];
        if (destination.Length < raw.Length * 2)
        {
            throw new ArgumentException($"The id needs {raw.Length * 2} chars.", nameof(destination));
        }
        Convert.TryToHexString(raw, destination, out var written);
        return written;
    }

    /// <summary>Decodes a 32- or 56-char offsetMsgId (either case); false for anything else.</summary>
    public static bool TryDecodeOffsetMsgId(
        ReadOnlySpan<char> msgId,
        [NotNullWhen(true)] out IPEndPoint? storeHost,
        out long physicalOffset)
    {
        storeHost = null;
        physicalOffset = 0;
        if (msgId.Length is not (OffsetMsgIdLengthV4 or OffsetMsgIdLengthV6))
        {
            return false;
        }
        Span<byte> raw = stackalloc byte[OffsetMsgIdLengthV6 / 2];
        raw = raw[..(msgId.Length / 2)];
        for (var i = 0; i < raw.Length; i++)
        {
            if (!byte.TryParse(msgId.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out raw[i]))
            {
                return false;
            }
        }
        var ipv6 = msgId.Length == OffsetMsgIdLengthV6;
        storeHost = HostCodec.Read(raw, ipv6);
        physicalOffset = BinaryPrimitives.ReadInt64BigEndian(raw[(ipv6 ? 20 : 8)..]);
        return true;
    }

    public static bool TryDecodeOffsetMsgId(
        string? msgId,
        [NotNullWhen(true)] out IPEndPoint? storeHost,
        out long physicalOffset) => TryDecodeOffsetMsgId(msgId.AsSpan(), out storeHost, out physicalOffset);
}
