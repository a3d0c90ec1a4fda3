using System.Diagnostics;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>Two gateways sharing a real redis-server and one SQLite file (shared mode), in this process.</summary>
public sealed class TwoGatewayClusterTests : IAsyncLifetime
{
    private SharedGatewayPair _pair = null!;

    public async Task InitializeAsync() => _pair = await SharedGatewayPair.StartAsync("eb-cluster-");

    public async Task DisposeAsync() => await _pair.DisposeAsync();

    private static async Task<TopicRouteData> RouteAsync(TestGateway gateway, string topic)
    {
        await using var ns = await gateway.ConnectNameServerAsync();
        for (var attempt = 0; ; attempt++)
        {
            using var response = await ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", topic)));
            if (response.Code == 0)
            {
                var route = TopicRouteData.FromJson(response.Body.Span);
                if (route.BrokerDatas[0].BrokerAddrs.Count == 2 || attempt > 40)
                {
                    return route;
                }
            }
            Assert.True(attempt < 40, $"no route for {topic} on {gateway.NameServerPort}: {response.Code} {response.Remark}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Both_gateways_answer_the_same_route_with_one_master_and_one_slave()
    {
        await using (var client = await _pair.A.ConnectBrokerAsync())
        {
            using var s = await client.SendAsync("T_cluster_route", 0, "x");
            Assert.Equal(0, s.Code);
        }
        var viaA = await RouteAsync(_pair.A, "T_cluster_route");
        var viaB = await RouteAsync(_pair.B, "T_cluster_route");
        var addrs = viaA.BrokerDatas.Single().BrokerAddrs;
        Assert.Equal([0L, 1L], addrs.Keys);
        Assert.Equal(addrs, viaB.BrokerDatas.Single().BrokerAddrs);
        Assert.Equal(
            new[] { $"127.0.0.1:{_pair.A.ListenPort}", $"127.0.0.1:{_pair.B.ListenPort}" }.Order(StringComparer.Ordinal),
            addrs.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_message_sent_through_one_gateway_wakes_a_long_poll_on_the_other_within_100_ms()
    {
        await using var producer = await _pair.A.ConnectBrokerAsync();
        using (var s = await producer.SendAsync("T_cluster_wake", 0, "first"))
        {
            Assert.Equal(0, s.Code);
        }
        await using var consumer = await _pair.B.ConnectBrokerAsync();
        var pulling = consumer.PullAsync("g", "T_cluster_wake", 0, 1, suspendMillis: 15000);
        await Task.Delay(300);
        Assert.False(pulling.IsCompleted);
        var sent = Stopwatch.StartNew();
        using (var s = await producer.SendAsync("T_cluster_wake", 0, "second"))
        {
            Assert.Equal(0, s.Code);
        }
        using var pull = await pulling.WaitAsync(TimeSpan.FromSeconds(10));
        var elapsed = sent.Elapsed;
        Assert.Equal(0, pull.Code);
        Assert.Equal("second", Encoding.UTF8.GetString(Assert.Single(pull.Messages()).Body));
        Assert.True(elapsed < TimeSpan.FromMilliseconds(100), $"woken after {elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Offsets_and_membership_are_shared_and_joins_notify_members_on_the_other_gateway()
    {
        await using var onA = await _pair.A.ConnectBrokerAsync();
        await using var onB = await _pair.B.ConnectBrokerAsync();
        using (var commit = await onA.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", "cg"), ("topic", "T_shared"), ("queueId", "0"), ("commitOffset", "5"))))
        {
            Assert.Equal(0, commit.Code);
        }
        using (var offset = await onB.InvokeAsync(Requests.Create(RequestCode.QueryConsumerOffset, ("consumerGroup", "cg"), ("topic", "T_shared"), ("queueId", "0"))))
        {
            Assert.Equal("5", offset.GetExt("offset"));
        }

        using (var hb = await onB.InvokeAsync(Heartbeat("10.0.0.2@b", "cg", "T_shared")))
        {
            Assert.Equal(0, hb.Code);
        }
        await onB.ServerRequests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); // its own join
        using (var hb = await onA.InvokeAsync(Heartbeat("10.0.0.1@a", "cg", "T_shared")))
        {
            Assert.Equal(0, hb.Code);
        }
        var notify = await onB.ServerRequests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((int)RequestCode.NotifyConsumerIdsChanged, notify.Code);
        using var list = await onB.InvokeAsync(Requests.Create(RequestCode.GetConsumerListByGroup, ("consumerGroup", "cg")));
        Assert.Equal(["10.0.0.1@a", "10.0.0.2@b"], GetConsumerListByGroupResponseBody.FromJson(list.Body.Span).ConsumerIdList.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_reply_sent_through_one_gateway_reaches_a_requester_connected_to_the_other()
    {
        await using var requester = await _pair.B.ConnectBrokerAsync();
        await using var replier = await _pair.A.ConnectBrokerAsync();
        await EndToEnd.RequestReply.RegisterRequesterAsync(requester, "10.0.0.3@far");
        using var reply = await EndToEnd.RequestReply.ReplyAsync(replier, "10.0.0.3@far", "corr-x", "across");
        Assert.Equal(0, reply.Code);
        using var push = await EndToEnd.RequestReply.ReceivePushAsync(requester);
        Assert.Equal("across", Encoding.UTF8.GetString(push.Body.Span));
    }

    private static RemotingCommand Heartbeat(string clientId, string group, string topic)
    {
        var data = new HeartbeatData { ClientID = clientId };
        data.ConsumerDataSet.Add(new ConsumerData
        {
            GroupName = group,
            ConsumeType = ConsumeType.CONSUME_PASSIVELY,
            MessageModel = MessageModel.CLUSTERING,
            SubscriptionDataSet = [new SubscriptionData { Topic = topic, SubString = "*", SubVersion = 1 }],
        });
        var request = Requests.Create(RequestCode.HeartBeat);
        request.Body = data.ToJson();
        return request;
    }
}
