using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.EndToEnd;

/// <summary>Locks, look-ups by id and key, and the group/broker administration codes mqadmin uses.</summary>
public sealed class AdminQueryTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private static RemotingCommand Lock(RequestCode code, string clientId, params int[] queueIds)
    {
        var request = Requests.Create(code);
        var body = new LockBatchRequestBody { ConsumerGroup = "og", ClientId = clientId };
        foreach (var q in queueIds)
        {
            body.MqSet.Add(new MessageQueue("T_lock", "broker-a", q));
        }
        request.Body = body.ToJson();
        return request;
    }

    [Fact]
    public async Task Queue_locks_are_exclusive_per_group_until_released()
    {
        using var first = await _broker.InvokeAsync(Lock(RequestCode.LockBatchMq, "c1", 0, 1));
        Assert.Equal([0, 1], LockBatchResponseBody.FromJson(first.Body.Span).LockOKMQSet.Select(m => m.QueueId).Order());
        using var second = await _broker.InvokeAsync(Lock(RequestCode.LockBatchMq, "c2", 1, 2));
        Assert.Equal([2], LockBatchResponseBody.FromJson(second.Body.Span).LockOKMQSet.Select(m => m.QueueId));
        using var unlock = await _broker.InvokeAsync(Lock(RequestCode.UnlockBatchMq, "c1", 1));
        Assert.Equal(0, unlock.Code);
        using var third = await _broker.InvokeAsync(Lock(RequestCode.LockBatchMq, "c2", 1));
        Assert.Equal([1], LockBatchResponseBody.FromJson(third.Body.Span).LockOKMQSet.Select(m => m.QueueId));
    }

    [Fact]
    public async Task Messages_are_found_by_offset_msg_id_by_key_and_by_unique_key()
    {
        var uniq = UniqueKey.Create();
        using var sent = await _broker.SendAsync("T_query", 1, "findme", keys: "order-42 customer-7", uniqKey: uniq);
        using (var other = await _broker.SendAsync("T_query", 2, "other", keys: "order-43"))
        {
            Assert.Equal(0, other.Code);
        }
        Assert.True(MessageId.TryDecodeOffsetMsgId(sent.GetExt("msgId"), out _, out var commitLogOffset));

        using var view = await _broker.InvokeAsync(Requests.Create(RequestCode.ViewMessageById, ("offset", commitLogOffset.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(0, view.Code);
        var viewed = DecodedMessage.Decode(view.Body.Span);
        Assert.Equal("findme", Encoding.UTF8.GetString(viewed.Body));
        Assert.Equal(sent.GetExt("msgId"), viewed.OffsetMsgId);

        using var missing = await _broker.InvokeAsync(Requests.Create(RequestCode.ViewMessageById, ("offset", "999999999")));
        Assert.Equal((int)ResponseCode.SystemError, missing.Code);

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        RemotingCommand Query(string key, bool unique)
        {
            var q = Requests.Create(RequestCode.QueryMessage);
            new QueryMessageRequestHeader { Topic = "T_query", Key = key, MaxNum = 32, BeginTimestamp = now - 60_000, EndTimestamp = now + 60_000 }.EncodeTo(q);
            if (unique)
            {
                q.AddExt("_UNIQUE_KEY_QUERY", "true");
            }
            return q;
        }
        using var byKey = await _broker.InvokeAsync(Query("customer-7", unique: false));
        Assert.Equal(0, byKey.Code);
        Assert.Equal(["findme"], DecodedMessage.DecodeAll(byKey.Body.Span).Select(m => Encoding.UTF8.GetString(m.Body)));
        using var byUniq = await _broker.InvokeAsync(Query(uniq, unique: true));
        Assert.Equal(["findme"], DecodedMessage.DecodeAll(byUniq.Body.Span).Select(m => Encoding.UTF8.GetString(m.Body)));
        using var none = await _broker.InvokeAsync(Query("no-such-key", unique: false));
        Assert.Equal((int)ResponseCode.QueryNotFound, none.Code);
    }

    [Fact]
    public async Task Subscription_group_configs_connections_and_offsets_are_administrable()
    {
        var create = Requests.Create(RequestCode.UpdateAndCreateSubscriptionGroup);
        create.Body = new SubscriptionGroupConfig { GroupName = "admin_group", RetryMaxTimes = 3 }.ToJson();
        using (var created = await _broker.InvokeAsync(create))
        {
            Assert.Equal(0, created.Code);
        }
        using (var all = await _broker.InvokeAsync(Requests.Create(RequestCode.GetAllSubscriptionGroupConfig)))
        {
            Assert.Equal(3, SubscriptionGroupWrapper.FromJson(all.Body.Span).SubscriptionGroupTable["admin_group"].RetryMaxTimes);
        }

        using (var offline = await _broker.InvokeAsync(Requests.Create(RequestCode.GetConsumerConnectionList, ("consumerGroup", "admin_group"))))
        {
            Assert.Equal((int)ResponseCode.ConsumerNotOnline, offline.Code);
        }
        var heartbeat = Requests.Create(RequestCode.HeartBeat);
        heartbeat.Language = LanguageCode.JAVA;
        heartbeat.Version = 401;
        var data = new HeartbeatData { ClientID = "10.0.0.5@77" };
        data.ConsumerDataSet.Add(new ConsumerData
        {
            GroupName = "admin_group",
            ConsumeType = ConsumeType.CONSUME_PASSIVELY,
            MessageModel = MessageModel.CLUSTERING,
            SubscriptionDataSet = [new SubscriptionData { Topic = "T_admin", SubString = "*", SubVersion = 1 }]
        });
        data.ProducerDataSet.Add(new ProducerData { GroupName = "admin_producer" });
        heartbeat.Body = data.ToJson();
        using (var hb = await _broker.InvokeAsync(heartbeat))
        {
            Assert.Equal(0, hb.Code);
        }
        using (var consumers = await _broker.InvokeAsync(Requests.Create(RequestCode.GetConsumerConnectionList, ("consumerGroup", "admin_group"))))
        {
            var connection = ConsumerConnection.FromJson(consumers.Body.Span);
            var member = Assert.Single(connection.ConnectionSet);
            Assert.Equal("10.0.0.5@77", member.ClientId);
            Assert.Equal(LanguageCode.JAVA, member.Language);
            Assert.Equal(401, member.Version);
            Assert.True(connection.SubscriptionTable.ContainsKey("T_admin"));
        }
        using (var producers = await _broker.InvokeAsync(Requests.Create(RequestCode.GetProducerConnectionList, ("producerGroup", "admin_producer"))))
        {
            Assert.Equal("10.0.0.5@77", Assert.Single(ProducerConnection.FromJson(producers.Body.Span).ConnectionSet).ClientId);
        }
        using (var byWho = await _broker.InvokeAsync(Requests.Create(RequestCode.QueryTopicConsumeByWho, ("topic", "T_admin"))))
        {
            Assert.Contains("admin_group", GroupList.FromJson(byWho.Body.Span).Groups);
        }

        using (var s = await _broker.SendAsync("T_admin", 0, "x"))
        {
            Assert.Equal(0, s.Code);
        }
        using (var commit = await _broker.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", "admin_group"), ("topic", "T_admin"), ("queueId", "0"), ("commitOffset", "1"))))
        {
            Assert.Equal(0, commit.Code);
        }
        using (var offsets = await _broker.InvokeAsync(Requests.Create(RequestCode.GetAllConsumerOffset)))
        {
            Assert.Equal(1, ConsumerOffsetSerializeWrapper.FromJson(offsets.Body.Span).OffsetTable["T_admin@admin_group"][0]);
            Assert.Contains("\"T_admin@admin_group\":{0:1}", Encoding.UTF8.GetString(offsets.Body.Span));
        }
        using (var span = await _broker.InvokeAsync(Requests.Create(RequestCode.QueryConsumeTimeSpan, ("topic", "T_admin"), ("group", "admin_group"))))
        {
            var q0 = QueryConsumeTimeSpanBody.FromJson(span.Body.Span).ConsumeTimeSpanSet.Single(s => s.MessageQueue.QueueId == 0);
            Assert.True(q0.MinTimeStamp > 0);
            Assert.Equal(q0.MaxTimeStamp, q0.ConsumeTimeStamp);
        }
        using (var delay = await _broker.InvokeAsync(Requests.Create(RequestCode.GetAllDelayOffset)))
        {
            Assert.Equal(18, DelayOffsetSerializeWrapper.FromJson(delay.Body.Span).OffsetTable.Count);
        }

        using (var deleted = await _broker.InvokeAsync(Requests.Create(RequestCode.DeleteSubscriptionGroup, ("groupName", "admin_group"), ("removeOffset", "true"))))
        {
            Assert.Equal(0, deleted.Code);
        }
        using var afterDelete = await _broker.InvokeAsync(Requests.Create(RequestCode.GetAllSubscriptionGroupConfig));
        Assert.False(SubscriptionGroupWrapper.FromJson(afterDelete.Body.Span).SubscriptionGroupTable.ContainsKey("admin_group"));
    }

    [Fact]
    public async Task Broker_config_is_readable_and_runtime_settings_updatable()
    {
        using var config = await _broker.InvokeAsync(Requests.Create(RequestCode.GetBrokerConfig));
        var text = Encoding.UTF8.GetString(config.Body.Span);
        Assert.Contains("brokerClusterName=DefaultCluster\n", text);
        Assert.Contains("autoCreateTopicEnable=true\n", text);

        var update = Requests.Create(RequestCode.UpdateBrokerConfig);
        update.Body = "maxMessageSize=1024\n"u8.ToArray();
        using (var updated = await _broker.InvokeAsync(update))
        {
            Assert.Equal(0, updated.Code);
        }
        using (var big = await _broker.SendAsync("T_cfg", 0, new string('x', 2000)))
        {
            Assert.Equal((int)ResponseCode.MessageIllegal, big.Code);
        }
        var bad = Requests.Create(RequestCode.UpdateBrokerConfig);
        bad.Body = "brokerClusterName=Other\n"u8.ToArray();
        using var refused = await _broker.InvokeAsync(bad);
        Assert.Equal((int)ResponseCode.SystemError, refused.Code);
        Assert.Contains("restart", refused.Remark);
    }
}
