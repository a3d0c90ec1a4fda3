using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Routing;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Processing;

/// <summary>The administration codes of this issue: 17, 215, 216, 21, 202, 208 and 28.</summary>
public sealed class AdminProcessor(
    TopicService topics,
    TopicAdmin topicAdmin,
    QueueStore queues,
    IRoutingStore routing,
    BrokerStats stats,
    BrokerTopology topology,
    IOptions<BrokerOptions> options,
    TimeProvider time)
{
    public async ValueTask<RemotingCommand> UpdateAndCreateTopicAsync(RemotingCommand request, CancellationToken ct)
    {
        var header = CreateTopicRequestHeader.Decode(request);
        if (topicAdmin.Validate(header.Topic, header.ReadQueueNums, header.WriteQueueNums) is { } problem)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, problem);
        }
        await topicAdmin.PutAsync(new TopicConfig
        {
            TopicName = header.Topic,
            ReadQueueNums = header.ReadQueueNums,
            WriteQueueNums = header.WriteQueueNums,
            Perm = header.Perm,
            TopicFilterType = Enum.TryParse<TopicFilterType>(header.TopicFilterType, ignoreCase: true, out var filterType) ? filterType : TopicFilterType.SINGLE_TAG,
            TopicSysFlag = header.TopicSysFlag ?? 0,
            Order = header.Order,
        }, ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    /// <summary>DELETE_TOPIC_IN_BROKER: the config, the offsets of every group on it, and its queues' streams.</summary>
    public async ValueTask<RemotingCommand> DeleteTopicAsync(RemotingCommand request, CancellationToken ct)
    {
        var header = DeleteTopicRequestHeader.Decode(request);
        await topicAdmin.DeleteAsync(header.Topic, ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    /// <summary>DELETE_TOPIC_IN_NAMESRV: routes come from topic configs, so removing the route removes the config.</summary>
    public async ValueTask<RemotingCommand> DeleteTopicInNameServerAsync(RemotingCommand request, CancellationToken ct)
    {
        var topic = request.GetExt("topic") ?? throw new RemotingProtocolException("the request header has no 'topic'");
        await topics.DeleteAsync(topic, ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    public async ValueTask<RemotingCommand> GetAllTopicConfigAsync(RemotingCommand request, CancellationToken ct)
    {
        var wrapper = new TopicConfigSerializeWrapper { DataVersion = new DataVersion { Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds() } };
        foreach (var topic in await topics.GetAllAsync(ct).ConfigureAwait(false))
        {
            wrapper.TopicConfigTable[topic.TopicName] = topic;
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = wrapper.ToJson();
        return response;
    }

    public async ValueTask<RemotingCommand> GetTopicStatsInfoAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = GetTopicStatsInfoRequestHeader.Decode(request);
        var topic = await topics.GetAsync(header.Topic, ct).ConfigureAwait(false);
        if (topic is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, $"topic[{header.Topic}] not exist");
        }
        var broker = connection.Broker!;
        var table = new TopicStatsTable();
        for (var q = 0; q < topic.WriteQueueNums; q++)
        {
            var bounds = await queues.GetBoundsAsync(broker, header.Topic, q, ct).ConfigureAwait(false);
            var last = bounds.NextRevision > 0
                ? await queues.GetStoreTimestampAsync(broker, header.Topic, q, bounds.NextRevision - 1, ct).ConfigureAwait(false)
                : 0;
            table.OffsetTable[new MessageQueue(header.Topic, broker.Name, q)] = new TopicOffset
            {
                MinOffset = bounds.FirstRevision,
                MaxOffset = bounds.NextRevision,
                LastUpdateTimestamp = last,
            };
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = table.ToJson();
        return response;
    }

    /// <summary>GET_CONSUME_STATS: per queue the broker's max offset, the group's committed offset and the store time of the last consumed message.</summary>
    public async ValueTask<RemotingCommand> GetConsumeStatsAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = GetConsumeStatsRequestHeader.Decode(request);
        var broker = connection.Broker!;
        IReadOnlyList<string> topicNames = [header.Topic ?? ""];
        if (string.IsNullOrEmpty(header.Topic))
        {
            // No topic given: every topic the group has committed offsets on (ConsumerOffsetManager.whichTopicByConsumer).
            var offsets = await routing.GetGroupOffsetsAsync(header.ConsumerGroup, ct).ConfigureAwait(false);
            topicNames = offsets.Keys.Where(k => k.BrokerName == broker.Name).Select(k => k.Topic).Distinct(StringComparer.Ordinal).ToList();
        }
        var consumeStats = new ConsumeStats();
        foreach (var name in topicNames)
        {
            var topic = await topics.GetAsync(name, ct).ConfigureAwait(false);
            if (topic is null)
            {
                continue;
            }
            for (var q = 0; q < topic.ReadQueueNums; q++)
            {
                var bounds = await queues.GetBoundsAsync(broker, name, q, ct).ConfigureAwait(false);
                var consumerOffset = await routing.GetOffsetAsync(broker.Name, header.ConsumerGroup, name, q, ct).ConfigureAwait(false) ?? 0;
                if (consumerOffset < 0)
                {
                    consumerOffset = 0;
                }
                var lastTimestamp = consumerOffset > 0
                    ? await queues.GetStoreTimestampAsync(broker, name, q, consumerOffset - 1, ct).ConfigureAwait(false)
                    : 0;
                consumeStats.OffsetTable[new MessageQueue(name, broker.Name, q)] = new OffsetWrapper
                {
                    BrokerOffset = bounds.NextRevision,
                    ConsumerOffset = consumerOffset,
                    LastTimestamp = lastTimestamp,
                };
            }
            consumeStats.ConsumeTps += stats.GroupGetTps(name, header.ConsumerGroup);
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = consumeStats.ToJson();
        return response;
    }

    public RemotingCommand GetBrokerRuntimeInfo(RemotingCommand request)
    {
        var now = time.GetUtcNow();
        var up = now - topology.StartedAt;
        var (putNow, putMorning, putYesterday) = stats.PutDay;
        var (getNow, getMorning, getYesterday) = stats.GetDay;
        var table = new KVTable();
        void Put(string key, object value) => table.Table[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        Put("brokerVersionDesc", "V4_9_4");
        Put("brokerVersion", MQVersion.Current);
        Put("bootTimestamp", topology.StartedAt.ToUnixTimeMilliseconds());
        Put("runtime", $"[ {up.Days} days, {up.Hours} hours, {up.Minutes} minutes, {up.Seconds} seconds ]");
        Put("msgPutTotalTodayNow", putNow);
        Put("msgPutTotalTodayMorning", putMorning);
        Put("msgPutTotalYesterdayMorning", putYesterday);
        Put("msgGetTotalTodayNow", getNow);
        Put("msgGetTotalTodayMorning", getMorning);
        Put("msgGetTotalYesterdayMorning", getYesterday);
        Put("putTps", stats.PutTps.ToString("0.00", CultureInfo.InvariantCulture));
        Put("getTotalTps", stats.GetTps.ToString("0.00", CultureInfo.InvariantCulture));
        Put("getTransferedTps", stats.GetTps.ToString("0.00", CultureInfo.InvariantCulture));
        Put("brokerName", string.Join(",", topology.Brokers.Select(b => b.Name)));
        Put("clusterName", topology.ClusterName);
        Put("store", queues.Store.Description);
        Put("flushDiskType", options.Value.FlushDiskType);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = table.ToJson();
        return response;
    }
}
