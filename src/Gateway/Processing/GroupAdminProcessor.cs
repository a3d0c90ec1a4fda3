using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// What mqadmin and the dashboard ask about groups: 200/201/207 (subscription-group configs), 203/204 (connections),
/// 43/45 (all consumer and delay offsets), 300 (who consumes a topic) and 303 (consume time span).
/// </summary>
public sealed class GroupAdminProcessor(GroupService groups, TopicService topics, QueueStore queues, IRoutingStore routing, DelayLevels delays, TimeProvider time)
{
    public async ValueTask<RemotingCommand> UpdateAndCreateSubscriptionGroupAsync(RemotingCommand request, CancellationToken ct)
    {
        var config = SubscriptionGroupConfig.FromJson(request.Body.Span);
        if (!Configuration.NameRules.IsValidTopic(config.GroupName))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"the group name '{config.GroupName}' is not valid: use ^[%|a-zA-Z0-9_-]+$, at most 127 characters");
        }
        await groups.PutAsync(config, ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    public async ValueTask<RemotingCommand> GetAllSubscriptionGroupConfigAsync(RemotingCommand request, CancellationToken ct)
    {
        var wrapper = new SubscriptionGroupWrapper { DataVersion = new DataVersion { Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds() } };
        foreach (var config in await routing.GetGroupsAsync(ct).ConfigureAwait(false))
        {
            wrapper.SubscriptionGroupTable[config.GroupName] = config;
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = wrapper.ToJson();
        return response;
    }

    public async ValueTask<RemotingCommand> DeleteSubscriptionGroupAsync(RemotingCommand request, CancellationToken ct)
    {
        var group = request.GetExt("groupName") ?? throw new RemotingProtocolException("the request header has no 'groupName'");
        await routing.DeleteGroupAsync(group, ct).ConfigureAwait(false);
        groups.Forget(group);
        if (string.Equals(request.GetExt("removeOffset"), "true", StringComparison.OrdinalIgnoreCase))
        {
            await routing.DeleteOffsetsAsync(group, null, ct).ConfigureAwait(false);
        }
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    public async ValueTask<RemotingCommand> GetConsumerConnectionListAsync(RemotingCommand request, CancellationToken ct)
    {
        var group = request.GetExt("consumerGroup") ?? throw new RemotingProtocolException("the request header has no 'consumerGroup'");
        var members = await routing.GetConsumersAsync(group, ct).ConfigureAwait(false);
        if (members.Count == 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.ConsumerNotOnline, $"the consumer group[{group}] not online");
        }
        var body = new ConsumerConnection
        {
            ConsumeType = members[0].Data.ConsumeType,
            MessageModel = members[0].Data.MessageModel,
            ConsumeFromWhere = members[0].Data.ConsumeFromWhere,
        };
        foreach (var member in members)
        {
            body.ConnectionSet.Add(ToConnection(member.Client));
            foreach (var sub in member.Data.SubscriptionDataSet)
            {
                if (!body.SubscriptionTable.TryGetValue(sub.Topic, out var held) || held.SubVersion < sub.SubVersion)
                {
                    body.SubscriptionTable[sub.Topic] = sub;
                }
            }
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body.ToJson();
        return response;
    }

    public async ValueTask<RemotingCommand> GetProducerConnectionListAsync(RemotingCommand request, CancellationToken ct)
    {
        var group = request.GetExt("producerGroup") ?? throw new RemotingProtocolException("the request header has no 'producerGroup'");
        var producers = await routing.GetProducersAsync(group, ct).ConfigureAwait(false);
        if (producers.Count == 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"the producer group[{group}] not exist");
        }
        var body = new ProducerConnection();
        foreach (var producer in producers)
        {
            body.ConnectionSet.Add(ToConnection(producer));
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body.ToJson();
        return response;
    }

    /// <summary>The consumerOffset.json of the logical broker asked: each broker keeps its own offsets.</summary>
    public async ValueTask<RemotingCommand> GetAllConsumerOffsetAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var broker = connection.Broker!.Name;
        var wrapper = new ConsumerOffsetSerializeWrapper();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var config in await routing.GetGroupsAsync(ct).ConfigureAwait(false))
        {
            names.Add(config.GroupName);
        }
        foreach (var group in await routing.GetConsumerGroupsAsync(ct).ConfigureAwait(false))
        {
            names.Add(group);
        }
        foreach (var group in names)
        {
            foreach (var ((topic, brokerName, queueId), offset) in await routing.GetGroupOffsetsAsync(group, ct).ConfigureAwait(false))
            {
                if (brokerName != broker)
                {
                    continue;
                }
                var key = $"{topic}@{group}";
                if (!wrapper.OffsetTable.TryGetValue(key, out var byQueue))
                {
                    wrapper.OffsetTable[key] = byQueue = [];
                }
                byQueue[queueId] = offset;
            }
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = wrapper.ToJson();
        return response;
    }

    /// <summary>Progress of each delay level's scheduler on the logical broker asked (level → offset), as delayOffset.json holds it.</summary>
    public async ValueTask<RemotingCommand> GetAllDelayOffsetAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var wrapper = new DelayOffsetSerializeWrapper();
        var broker = connection.Broker!;
        var offsets = await routing.GetGroupOffsetsAsync(ScheduleService.ProgressGroup(broker), ct).ConfigureAwait(false);
        for (var level = 1; level <= delays.MaxLevel; level++)
        {
            wrapper.OffsetTable[level] = offsets.TryGetValue(new MessageQueue(DelayLevels.ScheduleTopic, broker.Name, level - 1), out var offset) ? offset : 0;
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = wrapper.ToJson();
        return response;
    }

    public async ValueTask<RemotingCommand> QueryTopicConsumeByWhoAsync(RemotingCommand request, CancellationToken ct)
    {
        var topic = request.GetExt("topic") ?? throw new RemotingProtocolException("the request header has no 'topic'");
        var body = new GroupList();
        foreach (var group in await routing.GetGroupsWithOffsetsAsync(topic, ct).ConfigureAwait(false))
        {
            body.Groups.Add(group);
        }
        foreach (var group in await routing.GetConsumerGroupsAsync(ct).ConfigureAwait(false))
        {
            foreach (var member in await routing.GetConsumersAsync(group, ct).ConfigureAwait(false))
            {
                if (member.Data.SubscriptionDataSet.Any(s => s.Topic == topic))
                {
                    body.Groups.Add(group);
                    break;
                }
            }
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body.ToJson();
        return response;
    }

    public async ValueTask<RemotingCommand> QueryConsumeTimeSpanAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var topicName = request.GetExt("topic") ?? throw new RemotingProtocolException("the request header has no 'topic'");
        var group = request.GetExt("group") ?? throw new RemotingProtocolException("the request header has no 'group'");
        var topic = await topics.GetAsync(topicName, ct).ConfigureAwait(false);
        if (topic is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, $"topic[{topicName}] not exist");
        }
        var broker = connection.Broker!;
        var body = new QueryConsumeTimeSpanBody();
        for (var q = 0; q < topic.WriteQueueNums; q++)
        {
            var bounds = await queues.GetBoundsAsync(broker, topicName, q, ct).ConfigureAwait(false);
            var min = await queues.Store.GetFirstTimestampAsync(queues.StreamName(broker, topicName, q), ct).ConfigureAwait(false) ?? 0;
            var max = bounds.NextRevision > 0 ? await queues.GetStoreTimestampAsync(broker, topicName, q, bounds.NextRevision - 1, ct).ConfigureAwait(false) : 0;
            var consumerOffset = await routing.GetOffsetAsync(broker.Name, group, topicName, q, ct).ConfigureAwait(false) ?? 0;
            var consumed = consumerOffset > 0 ? await queues.GetStoreTimestampAsync(broker, topicName, q, consumerOffset - 1, ct).ConfigureAwait(false) : 0;
            body.ConsumeTimeSpanSet.Add(new QueueTimeSpan
            {
                MessageQueue = new MessageQueue(topicName, broker.Name, q),
                MinTimeStamp = min,
                MaxTimeStamp = max,
                ConsumeTimeStamp = consumed,
                DelayTime = consumerOffset < bounds.NextRevision && consumed > 0 ? max - consumed : 0,
            });
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body.ToJson();
        return response;
    }

    private static Connection ToConnection(ClientRegistration client) => new()
    {
        ClientId = client.ClientId,
        ClientAddr = client.ClientAddr,
        Language = client.Language,
        Version = client.Version,
    };
}
