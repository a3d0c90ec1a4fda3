using System.Buffers;
using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// VIEW_MESSAGE_BY_ID (33), by the commit-log offset inside an offsetMsgId, and QUERY_MESSAGE (12), by key or by
/// unique key (the client msgId) within a time range, through the bounded <see cref="MessageScanner"/>.
/// </summary>
public sealed class QueryMessageProcessor(TopicService topics, QueueStore queues, MessageScanner scanner, TimeProvider time)
{
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
        var scanned = await scanner.ScanAsync(connection.Broker!, header.Topic, Math.Max(topic.ReadQueueNums, topic.WriteQueueNums), begin, end,
            MessageScanner.MaxScannedPerQuery, (record, in entry, _) =>
            {
                if (MessageScanner.Matches(record, header.Key, byUniqueKey))
                {
                    var target = body.GetSpan(record.Length)[..record.Length];
                    record.CopyTo(target);
                    MessageRecord.PatchQueueOffset(target, entry.Revision);
                    MessageRecord.PatchPhysicalOffset(target, entry.Position);
                    body.Advance(record.Length);
                    found++;
                }
                return found < maxNum;
            }, ct).ConfigureAwait(false);
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
}
