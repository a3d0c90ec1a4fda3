using System.Buffers;
using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Cluster;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Json;
using EventBroker.Routing;

namespace EventBroker.Gateway.Admin;

/// <summary>Reset a group's offsets to the first message stored at or after <c>Timestamp</c> (ms since the epoch).</summary>
public sealed record ResetOffsetRequest(string? Topic, long? Timestamp);

public sealed record ResetQueueOffset(string Topic, string Broker, int QueueId, long Offset);

public sealed record ResetOffsetResult(string Group, long Timestamp, IReadOnlyList<ResetQueueOffset> Offsets, int MembersNotified);

/// <summary>The outcome of INVOKE_BROKER_TO_RESET_OFFSET on one logical broker: Java's response code and remark, or the new offsets.</summary>
public sealed record BrokerResetOutcome(ResponseCode Code, string? Remark, IReadOnlyDictionary<MessageQueue, long> Offsets)
{
    public static BrokerResetOutcome Failed(ResponseCode code, string remark) => new(code, remark, new Dictionary<MessageQueue, long>());
}

/// <summary>
/// Resets a consumer group's offsets by time, as mqadmin resetOffsetByTime does through the broker: each queue's
/// committed offset becomes the first message stored at or after the time, and each online member is sent
/// RESET_CONSUMER_CLIENT_OFFSET (220) with the new offsets, so running consumers move too instead of committing
/// their old positions over the reset (wherever they are connected: through <see cref="ClientCaller"/>).
/// The admin API resets every logical broker (<see cref="ResetAsync"/>); INVOKE_BROKER_TO_RESET_OFFSET (222) resets
/// the broker it was sent to (<see cref="ResetOnBrokerAsync"/>), as mqadmin asks each broker of the route in turn.
/// </summary>
public sealed class OffsetReset(IRoutingStore routing, TopicService topics, QueueStore queues, BrokerTopology topology, ClientCaller caller)
{
    public async Task<(ResetOffsetResult? Result, string? Problem)> ResetAsync(string group, ResetOffsetRequest request, CancellationToken ct)
    {
        if (!NameRules.IsValidTopic(group))
        {
            return (null, $"'{group}' is not a valid group name: ^[%|a-zA-Z0-9_-]+$");
        }
        if (request.Timestamp is not { } timestamp || timestamp < 0)
        {
            return (null, "'timestamp' is required: milliseconds since the Unix epoch; offsets move to the first message stored at or after it (0 = the earliest)");
        }
        var members = await routing.GetConsumersAsync(group, ct).ConfigureAwait(false);
        List<string> topicNames;
        if (!string.IsNullOrEmpty(request.Topic))
        {
            topicNames = [request.Topic];
        }
        else
        {
            var names = new SortedSet<string>((await routing.GetGroupOffsetsAsync(group, ct).ConfigureAwait(false)).Keys.Select(k => k.Topic), StringComparer.Ordinal);
            names.UnionWith(members.SelectMany(m => m.Data.SubscriptionDataSet).Select(s => s.Topic));
            // The retry topic follows its own progress; resetting it would replay failed messages.
            names.RemoveWhere(n => n.StartsWith(TopicService.RetryGroupTopicPrefix, StringComparison.Ordinal));
            topicNames = [.. names];
        }
        if (topicNames.Count == 0)
        {
            return (null, $"group '{group}' has no offsets and no online member: give 'topic' to say which topic to reset");
        }
        var result = new List<ResetQueueOffset>();
        var notices = new List<(string Topic, Dictionary<MessageQueue, long> Offsets)>();
        foreach (var name in topicNames)
        {
            var config = await topics.GetAsync(name, ct).ConfigureAwait(false);
            if (config is null)
            {
                return (null, $"topic '{name}' does not exist");
            }
            var table = new Dictionary<MessageQueue, long>();
            foreach (var broker in topology.Brokers)
            {
                for (var q = 0; q < config.ReadQueueNums; q++)
                {
                    var offset = await queues.Store.FindRevisionByTimeAsync(queues.StreamName(broker, name, q), timestamp, ct).ConfigureAwait(false);
                    table[new MessageQueue(name, broker.Name, q)] = offset;
                    await routing.CommitOffsetAsync(broker.Name, group, name, q, offset, ct).ConfigureAwait(false);
                    result.Add(new ResetQueueOffset(name, broker.Name, q, offset));
                }
            }
            notices.Add((name, table));
        }
        foreach (var member in members)
        {
            foreach (var (topic, table) in notices)
            {
                await caller.SendAsync(member.Client.ClientId, BuildNotice(group, topic, timestamp, table), oneway: true, ct).ConfigureAwait(false);
            }
        }
        return (new ResetOffsetResult(group, timestamp, result, members.Count), null);
    }

    /// <summary>
    /// INVOKE_BROKER_TO_RESET_OFFSET as Broker2Client.resetOffset (4.9.4) answers it: per read queue of the topic on
    /// <paramref name="broker"/>, the offset at <paramref name="timestamp"/> (-1: the max offset); without
    /// <paramref name="force"/> an offset only moves back (a later time keeps the committed offset, so nothing is
    /// skipped). Every queue needs a committed offset, and a member online to tell (206 otherwise, and mqadmin then
    /// commits the offsets itself); the offsets are committed here too, so the reset holds whatever the members do.
    /// </summary>
    public async Task<BrokerResetOutcome> ResetOnBrokerAsync(LogicalBroker broker, string group, string topic, long timestamp, bool force, CancellationToken ct)
    {
        var config = await topics.GetAsync(topic, ct).ConfigureAwait(false);
        if (config is null)
        {
            return BrokerResetOutcome.Failed(ResponseCode.SystemError, $"[reset-offset] reset offset failed, no topic in this broker. topic={topic}");
        }
        var table = new Dictionary<MessageQueue, long>();
        for (var q = 0; q < config.ReadQueueNums; q++)
        {
            if (await routing.GetOffsetAsync(broker.Name, group, topic, q, ct).ConfigureAwait(false) is not { } committed)
            {
                return BrokerResetOutcome.Failed(ResponseCode.SystemError,
                    $"THe consumer group <{group}> not exist: it has no committed offset on queue {q} of topic {topic} on {broker.Name}; start its consumers once, or reset through the admin API (POST /api/groups/{group}/reset-offset), which needs none");
            }
            var target = timestamp == -1
                ? (await queues.GetBoundsAsync(broker, topic, q, ct).ConfigureAwait(false)).NextRevision
                : await queues.Store.FindRevisionByTimeAsync(queues.StreamName(broker, topic, q), timestamp, ct).ConfigureAwait(false);
            table[new MessageQueue(topic, broker.Name, q)] = force || target < committed ? Math.Max(target, 0) : committed;
        }
        var members = await routing.GetConsumersAsync(group, ct).ConfigureAwait(false);
        if (members.Count == 0)
        {
            return BrokerResetOutcome.Failed(ResponseCode.ConsumerNotOnline,
                $"Consumer not online, so can not reset offset, Group: {group} Topic: {topic} Timestamp: {timestamp}");
        }
        foreach (var (queue, offset) in table)
        {
            await routing.CommitOffsetAsync(broker.Name, group, topic, queue.QueueId, offset, ct).ConfigureAwait(false);
        }
        foreach (var member in members)
        {
            await caller.SendAsync(member.Client.ClientId, BuildNotice(group, topic, timestamp, table), oneway: true, ct).ConfigureAwait(false);
        }
        return new BrokerResetOutcome(ResponseCode.Success, null, table);
    }

    /// <summary>A ResetOffsetBody, as fastjson writes Java's HashMap&lt;MessageQueue, Long&gt;: {"offsetTable":{{"brokerName":…}:offset}}.</summary>
    public static byte[] EncodeResetOffsetBody(IReadOnlyDictionary<MessageQueue, long> table)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new FastJsonWriter(buffer);
        writer.WriteStartObject();
        writer.WritePropertyName("offsetTable");
        writer.WriteMap(table, MessageQueue.MapKey, static (w, offset) => w.WriteNumber(offset), JavaMapShape.HashMap);
        writer.WriteEndObject();
        return buffer.WrittenMemory.ToArray();
    }

    /// <summary>RESET_CONSUMER_CLIENT_OFFSET with a ResetOffsetBody: {"offsetTable":{MessageQueue: offset}}.</summary>
    private static RemotingCommand BuildNotice(string group, string topic, long timestamp, IReadOnlyDictionary<MessageQueue, long> table)
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.ResetConsumerClientOffset);
        request.Language = LanguageCode.JAVA;
        request.AddExt("topic", topic);
        request.AddExt("group", group);
        request.AddExt("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.AddExt("isForce", "true");
        request.Body = EncodeResetOffsetBody(table);
        return request;
    }
}
