using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Messages;
using EventBroker.Routing;

namespace EventBroker.Gateway.Admin;

/// <summary>Resend the message <c>MsgId</c> (an offsetMsgId, or a client msgId with <c>Topic</c>) to consumer group <c>Group</c>.</summary>
public sealed record ResendRequest(string? MsgId, string? Topic, string? Group);

public sealed record ResendResult(string Group, string RetryTopic, string OriginalMsgId, string OffsetMsgId);

/// <summary>
/// Delivers a stored message again to one consumer group, the way a consumer's send-back does: a copy goes to the
/// group's <c>%RETRY%group</c> topic with RETRY_TOPIC naming the original topic, which clustering consumers
/// subscribe to automatically and hand to the application under the original topic. Other groups are untouched.
/// (RocketMQ's console uses CONSUME_MESSAGE_DIRECTLY to one client instead; a retry-topic copy reaches whichever
/// member the queue is assigned to, on any gateway, and survives that member being offline.)
/// </summary>
public sealed class MessageResend(MessageView messages, QueueStore queues, TopicService topics, GroupService groups, IRoutingStore routing,
    BrokerStats stats, BrokerTopology topology, TimeProvider time)
{
    public async Task<(ResendResult? Result, string? Problem, bool NotFound)> ResendAsync(ResendRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.MsgId) || string.IsNullOrEmpty(request.Group))
        {
            return (null, "'msgId' and 'group' are required ('topic' too when msgId is a client msgId rather than an offsetMsgId)", false);
        }
        if (!NameRules.IsValidTopic(request.Group))
        {
            return (null, $"'{request.Group}' is not a valid group name: ^[%|a-zA-Z0-9_-]+$", false);
        }
        if (await routing.GetGroupAsync(request.Group, ct).ConfigureAwait(false) is null
            && (await routing.GetConsumersAsync(request.Group, ct).ConfigureAwait(false)).Count == 0)
        {
            return (null, $"consumer group '{request.Group}' has no config and no online member: nobody would receive the message", true);
        }
        DecodedMessage? message = null;
        if (MessageId.TryDecodeOffsetMsgId(request.MsgId, out _, out var position)
            && await queues.Store.ReadByPositionAsync(position, ct).ConfigureAwait(false) is { } stored)
        {
            message = MessageView.Decode(stored.Data.Span, stored.Revision, stored.Position);
        }
        else if (!string.IsNullOrEmpty(request.Topic))
        {
            message = await messages.FindByUniqueKeyAsync(request.Topic, request.MsgId, ct).ConfigureAwait(false);
        }
        if (message is null)
        {
            return (null, string.IsNullOrEmpty(request.Topic)
                ? $"no message with offsetMsgId '{request.MsgId}': give 'topic' to look it up as a client msgId"
                : $"no message with msgId '{request.MsgId}' on topic '{request.Topic}'", true);
        }
        var originalOffsetMsgId = message.OffsetMsgId;
        var originalTopic = message.GetProperty(MessageConst.RetryTopic) ?? message.Topic;
        if (originalTopic.StartsWith(TopicService.RetryGroupTopicPrefix, StringComparison.Ordinal) || originalTopic.StartsWith(TopicService.DlqGroupTopicPrefix, StringComparison.Ordinal))
        {
            return (null, $"the message is on '{originalTopic}' and names no original topic (RETRY_TOPIC): resend a message of a business topic", false);
        }
        var group = await groups.GetOrCreateAsync(request.Group, ct).ConfigureAwait(false);
        var retryTopic = TopicService.RetryGroupTopicPrefix + request.Group;
        var config = await topics.CreateSystemManagedAsync(retryTopic, Math.Max(1, group.RetryQueueNums), ct).ConfigureAwait(false);
        if (!Perm.IsWriteable(config.Perm))
        {
            return (null, $"the topic[{retryTopic}] sending message is forbidden (perm {config.Perm})", false);
        }
        message.Properties[MessageConst.RetryTopic] = originalTopic;
        if (string.IsNullOrEmpty(message.GetProperty(MessageConst.OriginMessageId)))
        {
            message.Properties[MessageConst.OriginMessageId] = originalOffsetMsgId;
        }
        message.Properties.Remove(MessageConst.Delay);
        message.Topic = retryTopic;
        message.QueueId = 0;
        var broker = topology.Brokers[0];
        // Every resend is a deliberate new delivery: a fresh event id, never deduplicated against an earlier one.
        var appended = Redelivery.Build(message, Guid.NewGuid(), "resend:" + request.Group, time.GetUtcNow().ToUnixTimeMilliseconds(), broker.StoreHost);
        var result = await queues.Store.AppendAsync(queues.StreamName(broker, retryTopic, 0), new[] { appended }, null, ct).ConfigureAwait(false);
        stats.RecordPut(retryTopic, 0, 1);
        return (new ResendResult(request.Group, retryTopic, message.MsgId, MessageId.CreateOffsetMsgId(broker.StoreHost, result.Events[0].Position)), null, false);
    }
}
