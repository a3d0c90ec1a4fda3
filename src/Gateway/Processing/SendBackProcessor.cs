using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// CONSUMER_SEND_MSG_BACK (36): a consumer returns a message it failed to consume. The broker finds it by its
/// commit-log offset, keeps RETRY_TOPIC (the original topic) and ORIGIN_MESSAGE_ID, counts one more reconsume, and
/// stores it in %RETRY%group through delay level 3 + reconsumeTimes (or the level asked for) — or in %DLQ%group once
/// reconsumeTimes reaches the max, or when the consumer asks for it with a negative level.
/// </summary>
public sealed class SendBackProcessor(TopicService topics, GroupService groups, QueueStore queues, DelayLevels delays, BrokerStats stats, TimeProvider time)
{
    public async ValueTask<RemotingCommand> SendBackAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var broker = connection.Broker!;
        var header = ConsumerSendMsgBackRequestHeader.Decode(request);
        var group = await groups.GetOrCreateAsync(header.Group, ct).ConfigureAwait(false);
        if (group.RetryQueueNums <= 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.Success);
        }
        var stored = await queues.Store.ReadByPositionAsync(header.Offset, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"look message by offset failed, {header.Offset}");
        }
        var message = DecodedMessage.Decode(stored.Data.Span);
        message.CommitLogOffset = stored.Position;
        var originalMsgId = message.OffsetMsgId;

        if (message.GetProperty(MessageConst.RetryTopic) is null)
        {
            message.Properties[MessageConst.RetryTopic] = message.Topic;
        }
        if (string.IsNullOrEmpty(message.GetProperty(MessageConst.OriginMessageId)))
        {
            message.Properties[MessageConst.OriginMessageId] = originalMsgId;
        }
        message.Properties.Remove(MessageConst.Wait);

        var maxReconsume = request.Version >= MQVersion.V3_4_9 && header.MaxReconsumeTimes is { } m ? m : group.RetryMaxTimes;
        var reconsumeTimes = message.ReconsumeTimes;
        string topic;
        int queueId;
        if (reconsumeTimes >= maxReconsume || header.DelayLevel < 0)
        {
            topic = TopicService.DlqGroupTopicPrefix + header.Group;
            queueId = 0;
            await topics.CreateSystemManagedAsync(topic, 1, ct).ConfigureAwait(false);
            message.Properties.Remove(MessageConst.Delay);
        }
        else
        {
            var retryTopic = TopicService.RetryGroupTopicPrefix + header.Group;
            var config = await topics.CreateSystemManagedAsync(retryTopic, group.RetryQueueNums, ct).ConfigureAwait(false);
            if (!Perm.IsWriteable(config.Perm))
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission, $"the topic[{retryTopic}] sending message is forbidden");
            }
            var level = header.DelayLevel == 0 ? 3 + reconsumeTimes : header.DelayLevel;
            await topics.CreateSystemManagedAsync(DelayLevels.ScheduleTopic, delays.MaxLevel, ct).ConfigureAwait(false);
            var clamped = delays.Clamp(level);
            message.Properties[MessageConst.Delay] = clamped.ToString(CultureInfo.InvariantCulture);
            message.Properties[MessageConst.RealTopic] = retryTopic;
            message.Properties[MessageConst.RealQid] = "0";
            topic = DelayLevels.ScheduleTopic;
            queueId = clamped - 1;
        }
        message.Topic = topic;
        message.QueueId = queueId;
        message.ReconsumeTimes = reconsumeTimes + 1;

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // The same send-back (a client retrying it) is stored once: the id derives from the message and its count.
        var appended = Redelivery.Build(message, stored.EventId, "sendback:" + header.Group + ":" + reconsumeTimes.ToString(CultureInfo.InvariantCulture), now, broker.StoreHost);
        await queues.Store.AppendAsync(queues.StreamName(broker, topic, queueId), new[] { appended }, null, ct).ConfigureAwait(false);
        stats.RecordPut(topic, 1);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }
}
