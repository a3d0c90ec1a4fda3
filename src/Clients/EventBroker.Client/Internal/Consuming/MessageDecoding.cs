using System.Globalization;
using EventBroker.Client.Internal.Producing;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// Stored records to <see cref="ReceivedMessage"/>s, as PullAPIWrapper.processPullResult does it: bodies inflated,
/// MIN_OFFSET/MAX_OFFSET added, and tags filtered again on the client (the broker filters by tag hash only).
/// </summary>
internal static class MessageDecoding
{
    public static List<ReceivedMessage> FromPull(ReadOnlySpan<byte> body, MessageQueue queue, long minOffset, long maxOffset, SubscriptionData? filter)
    {
        var decoded = DecodedMessage.DecodeAll(body);
        var result = new List<ReceivedMessage>(decoded.Count);
        var min = minOffset.ToString(CultureInfo.InvariantCulture);
        var max = maxOffset.ToString(CultureInfo.InvariantCulture);
        foreach (var record in decoded)
        {
            if (filter is not null && !MessageFilters.TagMatches(filter, record.Tags))
            {
                continue;
            }
            var message = FromRecord(record, queue.BrokerName, queue);
            message.SetProperty(MessageConst.MinOffset, min);
            message.SetProperty(MessageConst.MaxOffset, max);
            result.Add(message);
        }
        return result;
    }

    public static ReceivedMessage FromRecord(DecodedMessage record, string brokerName, MessageQueue? source)
    {
        var body = MessageSysFlag.IsCompressed(record.SysFlag) && IsZlib(record.SysFlag)
            ? MessageEncoder.Decompress(record.Body)
            : record.Body;
        return new ReceivedMessage(record.Topic, body, record.Properties)
        {
            OffsetMessageId = record.OffsetMsgId,
            BrokerName = brokerName,
            QueueId = record.QueueId,
            QueueOffset = record.QueueOffset,
            CommitLogOffset = record.CommitLogOffset,
            ReconsumeTimes = record.ReconsumeTimes,
            BornTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(record.BornTimestamp),
            StoreTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(record.StoreTimestamp),
            BornHost = record.BornHost,
            StoreHost = record.StoreHost,
            Flag = record.Flag,
            SysFlag = record.SysFlag,
            PreparedTransactionOffset = record.PreparedTransactionOffset,
            TransactionId = record.GetProperty(MessageConst.UniqKey),
            SourceQueue = source,
        };
    }

    /// <summary>
    /// resetRetryAndNamespace: a message pulled from the group's retry topic is handed out under its original topic.
    /// </summary>
    public static void RestoreRetryTopic(ReceivedMessage message, string group)
    {
        if (message.GetProperty(MessageConst.RetryTopic) is { } original
            && string.Equals(message.Topic, Names.RetryTopic(group), StringComparison.Ordinal))
        {
            message.Topic = original;
        }
    }

    /// <summary>Only zlib is inflated (type 0 is zlib from clients before RocketMQ 5); LZ4 and ZSTD bodies stay as stored.</summary>
    private static bool IsZlib(int sysFlag) => MessageSysFlag.GetCompressionType(sysFlag) is 0 or 3;
}
