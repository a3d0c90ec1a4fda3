using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Bench.Setup;

/// <summary>What mqadmin and a client do before traffic starts: find the broker, create the topic, read offsets, send heartbeats.</summary>
public static class BrokerSetup
{
    /// <summary>The master address of the first broker, from TBW102's route or, failing that, the cluster info.</summary>
    public static async Task<string> FindBrokerAsync(AdminCalls nameServer)
    {
        var route = RemotingCommand.CreateRequest((int)RequestCode.GetRouteInfoByTopic).AddExt("topic", "TBW102");
        using (var response = await nameServer.CallAsync(route).ConfigureAwait(false))
        {
            if (response.Code == (int)ResponseCode.Success && !response.Body.IsEmpty)
            {
                var data = TopicRouteData.FromJson(response.Body.Span);
                var address = data.BrokerDatas.Select(MasterOf).FirstOrDefault(a => a is not null);
                if (address is not null)
                {
                    return address;
                }
            }
        }

        var info = RemotingCommand.CreateRequest((int)RequestCode.GetBrokerClusterInfo);
        using var cluster = await nameServer.CallExpectingSuccessAsync(info, "GET_BROKER_CLUSTER_INFO").ConfigureAwait(false);
        var clusterInfo = ClusterInfo.FromJson(cluster.Body.Span);
        return clusterInfo.BrokerAddrTable.Values.Select(MasterOf).FirstOrDefault(a => a is not null)
            ?? throw new InvalidOperationException("the name server knows no broker with a master (brokerId 0)");
    }

    public static async Task CreateTopicAsync(AdminCalls broker, string topic, int queues)
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.UpdateAndCreateTopic);
        new CreateTopicRequestHeader
        {
            Topic = topic,
            DefaultTopic = "TBW102",
            ReadQueueNums = queues,
            WriteQueueNums = queues,
            Perm = Perm.ReadWrite,
            TopicFilterType = nameof(TopicFilterType.SINGLE_TAG),
            TopicSysFlag = 0,
            Order = false,
        }.EncodeTo(request);
        using var _ = await broker.CallExpectingSuccessAsync(request, $"UPDATE_AND_CREATE_TOPIC {topic}").ConfigureAwait(false);
    }

    /// <summary>GET_MAX_OFFSET of every queue: the next offset each queue will write.</summary>
    public static async Task<long[]> GetMaxOffsetsAsync(AdminCalls broker, string topic, int queues)
    {
        var offsets = new long[queues];
        for (var q = 0; q < queues; q++)
        {
            var request = RemotingCommand.CreateRequest((int)RequestCode.GetMaxOffset);
            new GetMaxOffsetRequestHeader { Topic = topic, QueueId = q }.EncodeTo(request);
            using var response = await broker.CallExpectingSuccessAsync(request, $"GET_MAX_OFFSET {topic}/{q}").ConfigureAwait(false);
            offsets[q] = OffsetResponseHeader.Decode(response).Offset;
        }
        return offsets;
    }

    /// <summary>
    /// A client's heartbeat announcing the producer group and a pull consumer subscribed to everything, sent on
    /// a connection before it carries traffic, as the Java client does. Returns the failure text, if any.
    /// </summary>
    public static async Task<string?> HeartbeatAsync(AdminCalls broker, string clientId, string producerGroup, string consumerGroup, string topic)
    {
        var data = new HeartbeatData { ClientID = clientId };
        data.ProducerDataSet.Add(new ProducerData { GroupName = producerGroup });
        var consumer = new ConsumerData
        {
            GroupName = consumerGroup,
            ConsumeType = ConsumeType.CONSUME_ACTIVELY,
            MessageModel = MessageModel.CLUSTERING,
            ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
        };
        consumer.SubscriptionDataSet.Add(new SubscriptionData
        {
            Topic = topic,
            SubString = SubscriptionData.SubAll,
            SubVersion = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ExpressionType = "TAG",
        });
        data.ConsumerDataSet.Add(consumer);

        var request = RemotingCommand.CreateRequest((int)RequestCode.HeartBeat);
        request.Body = data.ToJson();
        using var response = await broker.CallAsync(request).ConfigureAwait(false);
        return response.Code == (int)ResponseCode.Success ? null : $"HEART_BEAT answered {response.Code}: {response.Remark}";
    }

    private static string? MasterOf(BrokerData broker) => broker.BrokerAddrs.GetValueOrDefault(0);

    /// <summary>Bench topics are fresh unless named, so repeated runs never mix their messages.</summary>
    public static string FreshTopicName() =>
        "BenchTopic_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
        + "_" + Guid.NewGuid().ToString("N")[..8];
}
