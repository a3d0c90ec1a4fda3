using System.Net;
using System.Security.Cryptography;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Re-puts a stored message somewhere else (a due delayed message to its real topic, a consumer's send-back to the
/// retry or dead-letter topic). The new event's id is derived from the old one and the purpose, so doing the same
/// re-put twice (a crash before progress was saved, a client retrying its send-back) stores it once.
/// </summary>
public static class Redelivery
{
    public static EventToAppend Build(DecodedMessage message, Guid sourceEventId, string purpose, long nowMs, IPEndPoint storeHost)
    {
        message.StoreTimestamp = nowMs;
        message.StoreHost = storeHost;
        message.QueueOffset = 0;
        message.CommitLogOffset = 0;
        return new EventToAppend(DeriveEventId(sourceEventId, purpose), message.Encode(), nowMs);
    }

    /// <summary>A name-based (SHA-1, version 5 layout) id from a source id and a purpose.</summary>
    public static Guid DeriveEventId(Guid source, string purpose)
    {
        Span<byte> input = stackalloc byte[16 + 256];
        source.TryWriteBytes(input);
        var n = 16 + System.Text.Encoding.UTF8.GetBytes(purpose.AsSpan(0, Math.Min(purpose.Length, 80)), input[16..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input[..n], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
