using System.Text;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Walks a topic's queues from the first message stored at or after a time, up to a time, for look-ups by key,
/// by client msgId or by time range. The store keeps no key index, so a scan is bounded by a number of messages
/// (RocketMQ's index is bounded too: 4 h buckets, maxNum results). Used by QUERY_MESSAGE and the admin API.
/// </summary>
public sealed class MessageScanner(QueueStore queues)
{
    public const int MaxScannedPerQuery = 200_000;

    /// <summary>Sees one stored message; returns false to end the scan.</summary>
    public delegate bool Visitor(ReadOnlySpan<byte> record, in BatchEntry entry, int queueId);

    /// <summary>Visits the messages of <paramref name="queueCount"/> queues stored in [begin, end], queue by queue.</summary>
    /// <returns>How many messages were looked at.</returns>
    public async ValueTask<int> ScanAsync(LogicalBroker broker, string topic, int queueCount, long beginMs, long endMs, int maxScanned, Visitor visit, CancellationToken ct)
    {
        var scanned = 0;
        var stop = false;
        for (var q = 0; q < queueCount && !stop && scanned < maxScanned; q++)
        {
            var stream = queues.StreamName(broker, topic, q);
            var next = await queues.Store.FindRevisionByTimeAsync(stream, beginMs, ct).ConfigureAwait(false);
            while (!stop && scanned < maxScanned)
            {
                using var batch = await queues.Store.ReadForwardAsync(stream, next, 256, 4 * 1024 * 1024, ct).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }
                var pastEnd = false;
                for (var i = 0; i < batch.Count && !stop; i++)
                {
                    var entry = batch.Entries[i];
                    scanned++;
                    next = entry.Revision + 1;
                    if (entry.TimestampMs > endMs)
                    {
                        pastEnd = true;
                        break;
                    }
                    stop = !visit(batch.GetData(i).Span, entry, q);
                }
                if (pastEnd)
                {
                    break;
                }
            }
        }
        return scanned;
    }

    /// <summary>A key matches one of the space-separated KEYS, or (unique-key query) the message's UNIQ_KEY.</summary>
    public static bool Matches(ReadOnlySpan<byte> record, string key, bool byUniqueKey)
    {
        if (!MessageRecordReader.TryRead(record, out var view, out _))
        {
            return false;
        }
        var properties = view.GetProperties(record);
        Span<byte> keyBytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(key.Length, 512))];
        var keyLength = Encoding.UTF8.GetBytes(key.AsSpan(0, Math.Min(key.Length, 512)), keyBytes);
        var wanted = keyBytes[..keyLength];
        if (byUniqueKey)
        {
            return MessageProperties.TryFind(properties, "UNIQ_KEY"u8, out var uniq) && uniq.SequenceEqual(wanted);
        }
        if (!MessageProperties.TryFind(properties, "KEYS"u8, out var keys))
        {
            return false;
        }
        foreach (var range in keys.Split((byte)' '))
        {
            if (keys[range].SequenceEqual(wanted))
            {
                return true;
            }
        }
        return false;
    }
}
