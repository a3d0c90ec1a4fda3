using System.Buffers;
using System.Globalization;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// VIEW_MESSAGE_BY_ID (33), by the commit-log offset inside an offsetMsgId, and QUERY_MESSAGE (12), by key or by
/// unique key (the client msgId) within a time range. The store keeps no key index: a query scans the topic's
/// queues from the first message at the range's start, bounded by <see cref="MaxScannedPerQuery"/>, which is what
/// admin look-ups need (RocketMQ's index is also bounded: 4 h buckets, maxNum results).
/// </summary>
public sealed class QueryMessageProcessor(TopicService topics, QueueStore queues, TimeProvider time)
{
    public const int MaxScannedPerQuery = 200_000;
    private const int MaxResults = 64;

    public async ValueTask<RemotingCommand> ViewMessageByIdAsync(RemotingCommand request, CancellationToken ct)
    {
        var header = ViewMessageRequestHeader.Decode(request);
        var stored = await queues.Store.ReadByPositionAsync(header.Offset, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"can not find message by the offset, {header.Offset}");
        }
        var record = stored.Data.ToArray();
        MessageRecord.PatchQueueOffset(record, stored.Revision);
        MessageRecord.PatchPhysicalOffset(record, stored.Position);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = record;
        return response;
    }

    public async ValueTask<RemotingCommand> QueryMessageAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = QueryMessageRequestHeader.Decode(request);
        var byUniqueKey = string.Equals(request.GetExt("_UNIQUE_KEY_QUERY"), "true", StringComparison.OrdinalIgnoreCase);
        var topic = await topics.GetAsync(header.Topic, ct).ConfigureAwait(false);
        if (topic is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, $"topic[{header.Topic}] not exist");
        }
        var maxNum = Math.Clamp(header.MaxNum, 1, MaxResults);
        var begin = header.BeginTimestamp;
        var end = header.EndTimestamp <= 0 ? long.MaxValue : header.EndTimestamp;
        var body = new ArrayBufferWriter<byte>();
        var found = 0;
        var scanned = 0;
        for (var q = 0; q < Math.Max(topic.ReadQueueNums, topic.WriteQueueNums) && found < maxNum && scanned < MaxScannedPerQuery; q++)
        {
            var stream = queues.StreamName(connection.Broker!, header.Topic, q);
            var next = await queues.Store.FindRevisionByTimeAsync(stream, begin, ct).ConfigureAwait(false);
            while (found < maxNum && scanned < MaxScannedPerQuery)
            {
                using var batch = await queues.Store.ReadForwardAsync(stream, next, 256, 4 * 1024 * 1024, ct).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }
                var pastEnd = false;
                for (var i = 0; i < batch.Count; i++)
                {
                    var entry = batch.Entries[i];
                    scanned++;
                    next = entry.Revision + 1;
                    if (entry.TimestampMs > end)
                    {
                        pastEnd = true;
                        break;
                    }
                    var record = batch.GetData(i).Span;
                    if (Matches(record, header.Key, byUniqueKey) && found < maxNum)
                    {
                        var target = body.GetSpan(record.Length)[..record.Length];
                        record.CopyTo(target);
                        MessageRecord.PatchQueueOffset(target, entry.Revision);
                        MessageRecord.PatchPhysicalOffset(target, entry.Position);
                        body.Advance(record.Length);
                        found++;
                    }
                }
                if (pastEnd)
                {
                    break;
                }
            }
        }
        if (found == 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound,
                $"can not find message, maybe time range not correct (scanned {scanned} messages of {header.Topic} from {begin} to {header.EndTimestamp})");
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.AddExt("indexLastUpdateTimestamp", time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        response.AddExt("indexLastUpdatePhyoffset", "0");
        response.Body = body.WrittenMemory.ToArray();
        return response;
    }

    /// <summary>A key matches one of the space-separated KEYS, or (unique-key query) the message's UNIQ_KEY.</summary>
    internal static bool Matches(ReadOnlySpan<byte> record, string key, bool byUniqueKey)
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
