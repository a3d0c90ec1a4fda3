using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class AdminTests : IAsyncLifetime
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

    private Task<RemotingCommand> CreateTopic(string topic, int read, int write, int perm = 6) =>
        _broker.InvokeAsync(Requests.Create(RequestCode.UpdateAndCreateTopic, ("topic", topic), ("defaultTopic", "TBW102"),
            ("readQueueNums", read.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("writeQueueNums", write.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("perm", perm.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("topicFilterType", "SINGLE_TAG"), ("topicSysFlag", "0"), ("order", "false")));

    [Fact]
    public async Task Create_stats_consume_stats_and_delete_a_topic()
    {
        using (var created = await CreateTopic("AdminTopic", 2, 2))
        {
            Assert.Equal(0, created.Code);
        }
        for (var i = 0; i < 3; i++)
        {
            using var s = await _broker.SendAsync("AdminTopic", 1, $"m{i}");
        }
        using (var commit = await _broker.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset, ("consumerGroup", "cg"), ("topic", "AdminTopic"), ("queueId", "1"), ("commitOffset", "1"))))
        {
            Assert.Equal(0, commit.Code);
        }

        using var all = await _broker.InvokeAsync(Requests.Create(RequestCode.GetAllTopicConfig));
        var wrapper = TopicConfigSerializeWrapper.FromJson(all.Body.Span);
        Assert.Equal(2, wrapper.TopicConfigTable["AdminTopic"].ReadQueueNums);

        using var stats = await _broker.InvokeAsync(Requests.Create(RequestCode.GetTopicStatsInfo, ("topic", "AdminTopic")));
        var table = TopicStatsTable.FromJson(stats.Body.Span);
        Assert.Equal(3, table.OffsetTable[new MessageQueue("AdminTopic", "broker-a", 1)].MaxOffset);
        Assert.Equal(0, table.OffsetTable[new MessageQueue("AdminTopic", "broker-a", 0)].MaxOffset);
        Assert.StartsWith("{\"offsetTable\":{{", Encoding.UTF8.GetString(stats.Body.Span));

        using var consume = await _broker.InvokeAsync(Requests.Create(RequestCode.GetConsumeStats, ("consumerGroup", "cg")));
        var cs = ConsumeStats.FromJson(consume.Body.Span);
        var q1 = cs.OffsetTable[new MessageQueue("AdminTopic", "broker-a", 1)];
        Assert.Equal(3, q1.BrokerOffset);
        Assert.Equal(1, q1.ConsumerOffset);
        Assert.True(q1.LastTimestamp > 0);

        using var runtime = await _broker.InvokeAsync(Requests.Create(RequestCode.GetBrokerRuntimeInfo));
        var kv = KVTable.FromJson(runtime.Body.Span);
        Assert.Equal("401", kv.Table["brokerVersion"]);
        Assert.True(long.Parse(kv.Table["msgPutTotalTodayNow"], System.Globalization.CultureInfo.InvariantCulture) >= 3);

        using (var deleted = await _broker.InvokeAsync(Requests.Create(RequestCode.DeleteTopicInBroker, ("topic", "AdminTopic"))))
        {
            Assert.Equal(0, deleted.Code);
        }
        await using var ns = await _gateway.ConnectNameServerAsync();
        using var gone = await ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "AdminTopic")));
        Assert.Equal((int)ResponseCode.TopicNotExist, gone.Code);
        using var max = await _broker.InvokeAsync(Requests.Create(RequestCode.GetMaxOffset, ("topic", "AdminTopic"), ("queueId", "1")));
        Assert.Equal("0", max.GetExt("offset"));
    }

    [Fact]
    public async Task Invalid_and_system_topic_names_are_refused()
    {
        using var bad = await CreateTopic("bad topic!", 1, 1);
        Assert.Equal((int)ResponseCode.SystemError, bad.Code);
        using var system = await CreateTopic("TBW102", 1, 1);
        Assert.Equal((int)ResponseCode.SystemError, system.Code);
        using var readOnly = await CreateTopic("ReadOnlyTopic", 1, 1, perm: 4);
        using var send = await _broker.SendAsync("ReadOnlyTopic", 0, "x");
        Assert.Equal((int)ResponseCode.NoPermission, send.Code);
    }
}
