using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class ConsumerTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static RemotingCommand Heartbeat(string clientId, string group, string topic, string tags, long subVersion = 1)
    {
        var sub = new SubscriptionData { Topic = topic, SubString = tags, SubVersion = subVersion, ExpressionType = "TAG" };
        if (tags != "*")
        {
            foreach (var t in tags.Split("||").Select(t => t.Trim()))
            {
                sub.TagsSet.Add(t);
                sub.CodeSet.Add(Protocol.Json.JavaString.HashCode(t));
            }
        }
        var data = new HeartbeatData { ClientID = clientId };
        data.ConsumerDataSet.Add(new ConsumerData
        {
            GroupName = group,
            ConsumeType = ConsumeType.CONSUME_PASSIVELY,
            MessageModel = MessageModel.CLUSTERING,
            ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
            SubscriptionDataSet = [sub],
        });
        var request = Requests.Create(RequestCode.HeartBeat);
        request.Body = data.ToJson();
        return request;
    }

    [Fact]
    public async Task Java_style_pull_without_subscription_uses_the_heartbeat_subscription()
    {
        var topic = "T_" + Guid.NewGuid().ToString("N")[..10];
        await using var client = await _gateway.ConnectBrokerAsync();
        for (var i = 0; i < 4; i++)
        {
            using var s = await client.SendAsync(topic, 0, $"m{i}", tags: i % 2 == 0 ? "TagA" : "TagB");
        }
        using (var unknown = await client.PullAsync("gj", topic, 0, 0, subscription: null))
        {
            Assert.Equal((int)ResponseCode.SubscriptionNotExist, unknown.Code);
        }
        using (var hb = await client.InvokeAsync(Heartbeat("10.0.0.9@1", "gj", topic, "TagB", subVersion: 5)))
        {
            Assert.Equal(0, hb.Code);
        }
        using (var stale = await client.InvokeAsync(PullWithSubVersion("gj", topic, 9)))
        {
            Assert.Equal((int)ResponseCode.SubscriptionNotLatest, stale.Code);
        }
        using var pull = await client.PullAsync("gj", topic, 0, 0, subscription: null);
        Assert.Equal(0, pull.Code);
        Assert.Equal(["m1", "m3"], pull.Messages().Select(m => Encoding.UTF8.GetString(m.Body)));
    }

    private static RemotingCommand PullWithSubVersion(string group, string topic, long subVersion)
    {
        var request = Requests.Create(RequestCode.PullMessage, ("consumerGroup", group), ("topic", topic), ("queueId", "0"),
            ("queueOffset", "0"), ("maxMsgNums", "32"), ("sysFlag", "2"), ("commitOffset", "0"), ("suspendTimeoutMillis", "0"),
            ("subVersion", subVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return request;
    }

    [Fact]
    public async Task Heartbeat_creates_retry_topic_and_membership_changes_notify_the_group()
    {
        var topic = "T_" + Guid.NewGuid().ToString("N")[..10];
        await using var first = await _gateway.ConnectBrokerAsync();
        await using var second = await _gateway.ConnectBrokerAsync();
        using (var hb = await first.InvokeAsync(Heartbeat("10.0.0.1@a", "grp", topic, "*")))
        {
            Assert.Equal(0, hb.Code);
        }
        // As in RocketMQ, every channel of the group is told, the new member included.
        var own = await first.ServerRequests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((int)RequestCode.NotifyConsumerIdsChanged, own.Code);
        using (var list = await first.InvokeAsync(Requests.Create(RequestCode.GetConsumerListByGroup, ("consumerGroup", "grp"))))
        {
            Assert.Equal(["10.0.0.1@a"], GetConsumerListByGroupResponseBody.FromJson(list.Body.Span).ConsumerIdList);
        }
        using (var hb = await second.InvokeAsync(Heartbeat("10.0.0.2@b", "grp", topic, "*")))
        {
            Assert.Equal(0, hb.Code);
        }
        var notify = await first.ServerRequests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((int)RequestCode.NotifyConsumerIdsChanged, notify.Code);
        Assert.Equal("grp", notify.GetExt("consumerGroup"));
        Assert.True(notify.IsOneway);

        await using var ns = await _gateway.ConnectNameServerAsync();
        using var retry = await ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "%RETRY%grp")));
        Assert.Equal(0, retry.Code);

        // The second consumer disconnects: the first is told, and the list shrinks.
        await second.DisposeAsync();
        var left = await first.ServerRequests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((int)RequestCode.NotifyConsumerIdsChanged, left.Code);
        using var after = await first.InvokeAsync(Requests.Create(RequestCode.GetConsumerListByGroup, ("consumerGroup", "grp")));
        Assert.Equal(["10.0.0.1@a"], GetConsumerListByGroupResponseBody.FromJson(after.Body.Span).ConsumerIdList);

        using var unregister = await first.InvokeAsync(Requests.Create(RequestCode.UnregisterClient, ("clientID", "10.0.0.1@a"), ("consumerGroup", "grp")));
        Assert.Equal(0, unregister.Code);
        using var empty = await first.InvokeAsync(Requests.Create(RequestCode.GetConsumerListByGroup, ("consumerGroup", "grp")));
        Assert.Equal((int)ResponseCode.SystemError, empty.Code);
        Assert.Equal("no consumer for this group, grp", empty.Remark);
    }

    [Fact]
    public async Task Consumer_offsets_follow_the_fresh_queue_rule_and_commit()
    {
        var topic = "T_" + Guid.NewGuid().ToString("N")[..10];
        await using var client = await _gateway.ConnectBrokerAsync();
        using (var s = await client.SendAsync(topic, 0, "x"))
        {
            Assert.Equal(0, s.Code);
        }
        using (var fresh = await client.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset, ("consumerGroup", "g"), ("topic", topic), ("queueId", "0"))))
        {
            Assert.Equal(0, fresh.Code);
            Assert.Equal("0", fresh.GetExt("offset"));
        }
        await client.SendOnewayAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", "g"), ("topic", topic), ("queueId", "0"), ("commitOffset", "1")));
        for (var attempt = 0; ; attempt++)
        {
            using var q = await client.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset, ("consumerGroup", "g"), ("topic", topic), ("queueId", "0")));
            if (q.GetExt("offset") == "1")
            {
                break;
            }
            Assert.True(attempt < 50, "the oneway commit never landed");
            await Task.Delay(20);
        }
        using var max = await client.InvokeAsync(Requests.Create(RequestCode.GetMaxOffset, ("topic", topic), ("queueId", "0")));
        Assert.Equal("1", max.GetExt("offset"));
        using var min = await client.InvokeAsync(Requests.Create(RequestCode.GetMinOffset, ("topic", topic), ("queueId", "0")));
        Assert.Equal("0", min.GetExt("offset"));
        using var byTime = await client.InvokeAsync(Requests.Create(RequestCode.SearchOffsetByTimestamp, ("topic", topic), ("queueId", "0"), ("timestamp", "0")));
        Assert.Equal("0", byTime.GetExt("offset"));
        using var future = await client.InvokeAsync(Requests.Create(RequestCode.SearchOffsetByTimestamp, ("topic", topic), ("queueId", "0"), ("timestamp", "99999999999999")));
        Assert.Equal("1", future.GetExt("offset"));
        using var earliest = await client.InvokeAsync(Requests.Create(RequestCode.GetEarliestMsgStoreTime, ("topic", topic), ("queueId", "0")));
        Assert.InRange(long.Parse(earliest.GetExt("timestamp")!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }
}
