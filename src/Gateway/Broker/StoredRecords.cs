using System.Buffers;
using System.Net;
using System.Text;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;

namespace EventBroker.Gateway.Broker;

/// <summary>A message as the gateway is about to store it: the wire fields plus what the broker adds.</summary>
public readonly ref struct OutgoingRecord(
    string topic, int queueId, int flag, int sysFlag, long bornTimestamp, IPEndPoint bornHost, long storeTimestamp,
    IPEndPoint storeHost, int reconsumeTimes, ReadOnlySpan<byte> body, string properties, string clusterName)
{
    public string Topic { get; } = topic;
    public int QueueId { get; } = queueId;
    public int Flag { get; } = flag;
    public int SysFlag { get; } = sysFlag;
    public long BornTimestamp { get; } = bornTimestamp;
    public IPEndPoint BornHost { get; } = bornHost;
    public long StoreTimestamp { get; } = storeTimestamp;
    public IPEndPoint StoreHost { get; } = storeHost;
    public int ReconsumeTimes { get; } = reconsumeTimes;
    public ReadOnlySpan<byte> Body { get; } = body;
    public string Properties { get; } = properties;
    public string ClusterName { get; } = clusterName;
}

/// <summary>An encoded record in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns it.</summary>
public readonly record struct BuiltRecord(byte[] Buffer, int Length, Guid EventId, long StoreTimestamp);

/// <summary>
/// The stored form of a message is the exact record a pull returns (MessageDecoder's layout), written once at send
/// time. Only the queue offset and the commit-log offset are unknown until the store has appended it; a pull patches
/// those two fields in place. So pulls never re-encode a message.
/// </summary>
public static class StoredRecords
{
    private const string ClusterKey = "CLUSTER";

    public static BuiltRecord Build(scoped in OutgoingRecord message)
    {
        var properties = message.Properties;
        var addCluster = !MessageProperties.TryFind(properties.AsSpan(), ClusterKey, out _);
        var needsSeparator = addCluster && properties.Length > 0 && properties[^1] != MessageConst.PropertySeparator;
        var propertiesLength = Encoding.UTF8.GetByteCount(properties)
            + (addCluster ? (needsSeparator ? 1 : 0) + ClusterKey.Length + 1 + Encoding.UTF8.GetByteCount(message.ClusterName) : 0);

        var propertiesBuffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, propertiesLength));
        try
        {
            var p = propertiesBuffer.AsSpan();
            var n = Encoding.UTF8.GetBytes(properties, p);
            if (addCluster)
            {
                if (needsSeparator)
                {
                    p[n++] = (byte)MessageConst.PropertySeparator;
                }
                n += Encoding.UTF8.GetBytes(ClusterKey, p[n..]);
                p[n++] = (byte)MessageConst.NameValueSeparator;
                n += Encoding.UTF8.GetBytes(message.ClusterName, p[n..]);
            }
            var parts = new MessageRecordParts
            {
                QueueId = message.QueueId,
                Flag = message.Flag,
                SysFlag = message.SysFlag,
                BornTimestamp = message.BornTimestamp,
                BornHost = message.BornHost,
                StoreTimestamp = message.StoreTimestamp,
                StoreHost = message.StoreHost,
                ReconsumeTimes = message.ReconsumeTimes,
                Body = message.Body,
                Topic = message.Topic,
                Properties = p[..n],
            };
            var length = MessageRecordWriter.GetLength(parts);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            MessageRecordWriter.Write(parts, buffer);
            return new BuiltRecord(buffer, length, EventIdOf(properties), message.StoreTimestamp);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(propertiesBuffer);
        }
    }

    /// <summary>
    /// The store's event id: derived from the producer's UNIQ_KEY, so a retried send of the same message is stored
    /// once; a message without one (ali-ons) gets a fresh id.
    /// </summary>
    public static Guid EventIdOf(string properties) =>
        MessageProperties.TryFind(properties.AsSpan(), MessageConst.UniqKey, out var key) && !key.IsEmpty
            ? UniqueKey.ToEventId(key)
            : Guid.CreateVersion7();

    /// <summary>A property's value in a properties string; empty when absent.</summary>
    public static ReadOnlySpan<char> FindProperty(string properties, string key) =>
        MessageProperties.TryFind(properties.AsSpan(), key, out var value) ? value : default;

    /// <summary>A batch member's properties followed by the batch's own (as RocketMQ's batch encoder appends them).</summary>
    public static string MergeProperties(string inner, string batch)
    {
        if (batch.Length == 0)
        {
            return inner;
        }
        if (inner.Length == 0)
        {
            return batch;
        }
        return inner[^1] == MessageConst.PropertySeparator ? inner + batch : inner + MessageConst.PropertySeparator + batch;
    }

    /// <summary>The TAGS property of a stored record (UTF-8), or empty.</summary>
    public static ReadOnlySpan<byte> GetTags(ReadOnlySpan<byte> record) =>
        MessageRecordReader.TryRead(record, out var view, out _)
        && MessageProperties.TryFind(view.GetProperties(record), "TAGS"u8, out var tags) ? tags : default;

    /// <summary>
    /// Keeps the records that pass the filter (at most <paramref name="maxMessages"/>), moving them to the front of
    /// the batch buffer and patching their queue offset and commit-log offset.
    /// </summary>
    /// <returns>Bytes kept, messages kept, and the offset the consumer pulls from next.</returns>
    public static (int Length, int Matched, long NextOffset) FilterAndPatch(EventBatch batch, MessageFilter filter, int maxMessages)
    {
        var data = batch.Data.Span;
        var entries = batch.Entries;
        var write = 0;
        var matched = 0;
        var next = entries[0].Revision;
        foreach (var entry in entries)
        {
            if (matched == maxMessages)
            {
                break;
            }
            next = entry.Revision + 1;
            var record = data.Slice(entry.Offset, entry.Length);
            if (!filter.MatchesAll && !filter.Matches(record))
            {
                continue;
            }
            MessageRecord.PatchQueueOffset(record, entry.Revision);
            MessageRecord.PatchPhysicalOffset(record, entry.Position);
            if (entry.Offset != write)
            {
                record.CopyTo(data[write..]);
            }
            write += entry.Length;
            matched++;
        }
        return (write, matched, next);
    }
}
