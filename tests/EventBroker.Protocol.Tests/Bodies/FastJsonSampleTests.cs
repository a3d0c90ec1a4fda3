using System.Text;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Tests.Fixtures;

namespace EventBroker.Protocol.Tests.Bodies;

/// <summary>Every body in fastjson-samples.txt, built from our models, must come out byte for byte, and read back.</summary>
public sealed class FastJsonSampleTests
{
    private static BrokerData BrokerA() => new()
    {
        Cluster = "DefaultCluster",
        BrokerName = "broker-a",
        BrokerAddrs = new SortedDictionary<long, string> { [0] = "10.0.0.1:10911", [1] = "10.0.0.2:10911" },
    };

    private static TopicRouteData Route() => new()
    {
        BrokerDatas = [BrokerA()],
        QueueDatas = [new QueueData { BrokerName = "broker-a", Perm = 6, ReadQueueNums = 4, WriteQueueNums = 4 }],
    };

    private static TopicConfigSerializeWrapper TopicConfigs() => new()
    {
        DataVersion = new DataVersion { Counter = 0, Timestamp = 1795264776306 },
        TopicConfigTable = new Dictionary<string, TopicConfig>
        {
            ["TopicTest"] = new() { TopicName = "TopicTest", ReadQueueNums = 4, WriteQueueNums = 4, Perm = 6 },
        },
    };

    private static SubscriptionGroupConfig DemoGroup() => new() { GroupName = "demo_group" };

    private static SubscriptionData TagAOrB() => new()
    {
        Topic = "TopicTest",
        SubString = "TagA || TagB",
        TagsSet = new HashSet<string>(StringComparer.Ordinal) { "TagA", "TagB" },
        CodeSet = [2598919, 2598920],
        SubVersion = 1700000000000,
        ExpressionType = "TAG",
    };

    private static Connection JavaConnection() => new()
    {
        ClientAddr = "10.0.0.9:50000",
        ClientId = "10.0.0.9@1234",
        Language = LanguageCode.JAVA,
        Version = 401,
    };

    private static MessageQueue TopicTestQueue0() => new("TopicTest", "broker-a", 0);

    [Fact]
    public void TopicRouteData_default_form_matches_sample()
    {
        AssertBytes("TopicRouteData default", Route().ToJson());
        AssertBytes("TopicRouteData default", TopicRouteData.FromJson(FastJsonSamples.Utf8("TopicRouteData default")).ToJson());
    }

    [Fact]
    public void TopicRouteData_standard_form_matches_sample()
    {
        AssertBytes("TopicRouteData standard", Route().ToJson(standardJson: true));
        var parsed = TopicRouteData.FromJson(FastJsonSamples.Utf8("TopicRouteData standard"));
        AssertBytes("TopicRouteData default", parsed.ToJson());
        Assert.Equal("10.0.0.2:10911", parsed.BrokerDatas[0].BrokerAddrs[1]);
    }

    [Fact]
    public void ClusterInfo_matches_sample()
    {
        var info = new ClusterInfo
        {
            BrokerAddrTable = new Dictionary<string, BrokerData> { ["broker-a"] = BrokerA() },
            ClusterAddrTable = new Dictionary<string, List<string>> { ["DefaultCluster"] = ["broker-a"] },
        };
        AssertBytes("ClusterInfo", info.ToJson());
        AssertRoundTrip("ClusterInfo", ClusterInfo.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void TopicList_matches_sample_in_java_hashset_order()
    {
        // Inserted in the other order: a Java HashSet iterates "TopicTest" (bucket 9) before "TBW102" (bucket 11).
        AssertBytes("TopicList", new TopicList { Topics = ["TBW102", "TopicTest"] }.ToJson());
        AssertRoundTrip("TopicList", TopicList.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void TopicStatsTable_matches_sample_with_object_key()
    {
        var table = new TopicStatsTable
        {
            OffsetTable = new Dictionary<MessageQueue, TopicOffset>
            {
                [TopicTestQueue0()] = new() { MinOffset = 0, MaxOffset = 42, LastUpdateTimestamp = 1700000000000 },
            },
        };
        AssertBytes("TopicStatsTable", table.ToJson());
        var parsed = TopicStatsTable.FromJson(FastJsonSamples.Utf8("TopicStatsTable"));
        Assert.Equal(42, parsed.OffsetTable[TopicTestQueue0()].MaxOffset);
        AssertBytes("TopicStatsTable", parsed.ToJson());
    }

    [Fact]
    public void ConsumeStats_matches_sample_with_double_and_object_key()
    {
        var stats = new ConsumeStats
        {
            ConsumeTps = 1.5,
            OffsetTable = new Dictionary<MessageQueue, OffsetWrapper>
            {
                [TopicTestQueue0()] = new() { BrokerOffset = 42, ConsumerOffset = 40, LastTimestamp = 1700000000000 },
            },
        };
        AssertBytes("ConsumeStats", stats.ToJson());
        var parsed = ConsumeStats.FromJson(FastJsonSamples.Utf8("ConsumeStats"));
        Assert.Equal(1.5, parsed.ConsumeTps);
        AssertBytes("ConsumeStats", parsed.ToJson());
    }

    [Fact]
    public void TopicConfigSerializeWrapper_matches_sample()
    {
        AssertBytes("TopicConfigSerializeWrapper", TopicConfigs().ToJson());
        AssertRoundTrip("TopicConfigSerializeWrapper", TopicConfigSerializeWrapper.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void SubscriptionGroupWrapper_matches_sample()
    {
        var wrapper = new SubscriptionGroupWrapper
        {
            DataVersion = new DataVersion { Timestamp = 1795264776333 },
            SubscriptionGroupTable = new Dictionary<string, SubscriptionGroupConfig> { ["demo_group"] = DemoGroup() },
        };
        AssertBytes("SubscriptionGroupWrapper", wrapper.ToJson());
        AssertRoundTrip("SubscriptionGroupWrapper", SubscriptionGroupWrapper.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void SubscriptionGroupConfig_defaults_match_sample()
    {
        AssertBytes("SubscriptionGroupConfig", DemoGroup().ToJson());
        AssertRoundTrip("SubscriptionGroupConfig", SubscriptionGroupConfig.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void KVTable_matches_sample_in_java_hashmap_order()
    {
        // Inserted in the other order: Java's HashMap puts msgPutTotalTodayNow in bucket 0, brokerVersion in 12.
        var table = new KVTable { Table = new Dictionary<string, string> { ["brokerVersion"] = "401", ["msgPutTotalTodayNow"] = "42" } };
        AssertBytes("KVTable", table.ToJson());
        AssertRoundTrip("KVTable", KVTable.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void GetConsumerListByGroupResponseBody_keeps_list_order()
    {
        var body = new GetConsumerListByGroupResponseBody { ConsumerIdList = ["10.0.0.9@1234", "10.0.0.8@99"] };
        AssertBytes("GetConsumerListByGroupResponseBody", body.ToJson());
        AssertRoundTrip("GetConsumerListByGroupResponseBody", GetConsumerListByGroupResponseBody.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void LockBatchRequestBody_matches_sample()
    {
        var body = new LockBatchRequestBody
        {
            ClientId = "10.0.0.9@1234",
            ConsumerGroup = "demo_group",
            MqSet = [new MessageQueue("TopicTest", "broker-a", 1)],
        };
        AssertBytes("LockBatchRequestBody", body.ToJson());
        AssertRoundTrip("LockBatchRequestBody", LockBatchRequestBody.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void LockBatchResponseBody_matches_sample()
    {
        var body = new LockBatchResponseBody { LockOKMQSet = [new MessageQueue("TopicTest", "broker-a", 1)] };
        AssertBytes("LockBatchResponseBody", body.ToJson());
        AssertRoundTrip("LockBatchResponseBody", LockBatchResponseBody.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void ConsumerConnection_matches_sample()
    {
        var connection = new ConsumerConnection
        {
            ConnectionSet = [JavaConnection()],
            ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
            ConsumeType = ConsumeType.CONSUME_PASSIVELY,
            MessageModel = MessageModel.CLUSTERING,
            SubscriptionTable = new Dictionary<string, SubscriptionData> { ["TopicTest"] = TagAOrB() },
        };
        AssertBytes("ConsumerConnection", connection.ToJson());
        AssertRoundTrip("ConsumerConnection", ConsumerConnection.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void ProducerConnection_matches_sample()
    {
        AssertBytes("ProducerConnection", new ProducerConnection { ConnectionSet = [JavaConnection()] }.ToJson());
        AssertRoundTrip("ProducerConnection", ProducerConnection.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void HeartbeatData_matches_sample()
    {
        var heartbeat = new HeartbeatData
        {
            ClientID = "10.0.0.9@1234",
            ConsumerDataSet =
            [
                new ConsumerData
                {
                    GroupName = "demo_group",
                    ConsumeType = ConsumeType.CONSUME_PASSIVELY,
                    MessageModel = MessageModel.CLUSTERING,
                    ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                    SubscriptionDataSet = [TagAOrB()],
                },
            ],
            ProducerDataSet = [new ProducerData { GroupName = "demo_group_P" }],
        };
        AssertBytes("HeartbeatData", heartbeat.ToJson());
        AssertRoundTrip("HeartbeatData", HeartbeatData.FromJson, static x => x.ToJson());
    }

    [Fact]
    public void RegisterBrokerBody_matches_sample()
    {
        AssertBytes("RegisterBrokerBody", new RegisterBrokerBody { TopicConfigSerializeWrapper = TopicConfigs() }.ToJson());
        AssertRoundTrip("RegisterBrokerBody", RegisterBrokerBody.FromJson, static x => x.ToJson());
    }

    private static void AssertBytes(string sample, byte[] actual) =>
        Assert.Equal(FastJsonSamples.Get(sample), Encoding.UTF8.GetString(actual));

    private delegate T Reader<T>(ReadOnlySpan<byte> utf8);

    private static void AssertRoundTrip<T>(string sample, Reader<T> read, Func<T, byte[]> write) =>
        AssertBytes(sample, write(read(FastJsonSamples.Utf8(sample))));
}
