using System.Text;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Protocol.Tests.Bodies;

/// <summary>Collections come out in the order the Java classes iterate them, or sorted in standard JSON.</summary>
public sealed class JavaOrderTests
{
    private static string Text(byte[] json) => Encoding.UTF8.GetString(json);

    [Fact]
    public void TopicStatsTable_standard_json_writes_queue_keys_as_json_strings_sorted_and_reads_them_back()
    {
        var table = new TopicStatsTable
        {
            OffsetTable = new Dictionary<MessageQueue, TopicOffset>
            {
                [new MessageQueue("T", "b", 1)] = new() { MaxOffset = 1 },
                [new MessageQueue("T", "a", 2)] = new() { MaxOffset = 2 },
                [new MessageQueue("T", "a", 0)] = new() { MaxOffset = 3 },
            },
        };
        var json = Text(table.ToJson(standardJson: true));
        Assert.Equal(
            "{\"offsetTable\":{"
            + "\"{\\\"brokerName\\\":\\\"a\\\",\\\"queueId\\\":0,\\\"topic\\\":\\\"T\\\"}\":{\"lastUpdateTimestamp\":0,\"maxOffset\":3,\"minOffset\":0},"
            + "\"{\\\"brokerName\\\":\\\"a\\\",\\\"queueId\\\":2,\\\"topic\\\":\\\"T\\\"}\":{\"lastUpdateTimestamp\":0,\"maxOffset\":2,\"minOffset\":0},"
            + "\"{\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":1,\\\"topic\\\":\\\"T\\\"}\":{\"lastUpdateTimestamp\":0,\"maxOffset\":1,\"minOffset\":0}}}",
            json);
        var parsed = TopicStatsTable.FromJson(Encoding.UTF8.GetBytes(json));
        Assert.Equal(3, parsed.OffsetTable[new MessageQueue("T", "a", 0)].MaxOffset);
    }

    [Fact]
    public void MessageQueue_java_hash_orders_lock_sets()
    {
        // Java's HashSet<MessageQueue> order: by (hash ^ hash >>> 16) & 15, whatever the insertion order.
        var queues = Enumerable.Range(0, 4).Select(i => new MessageQueue("TopicTest", "broker-a", i)).ToList();
        var expected = queues.OrderBy(q => Bucket(q.JavaHashCode())).ThenBy(q => queues.IndexOf(q)).ToList();
        var body = new LockBatchResponseBody { LockOKMQSet = [.. Enumerable.Reverse(queues)] };
        var parsed = LockBatchResponseBody.FromJson(body.ToJson());
        var order = ParseQueueIds(Text(body.ToJson()));
        Assert.Equal(expected.Select(q => q.QueueId), order);
        Assert.Equal(4, parsed.LockOKMQSet.Count);
    }

    [Fact]
    public void MessageQueue_java_hash_matches_java_formula()
    {
        // 31 * (31 * (31 + "b".hashCode()) + 1) + "T".hashCode() = 31 * (31 * (31 + 98) + 1) + 84
        Assert.Equal((31 * ((31 * (31 + 98)) + 1)) + 84, new MessageQueue("T", "b", 1).JavaHashCode());
    }

    [Fact]
    public void BrokerAddrs_come_out_in_id_order()
    {
        var broker = new BrokerData { BrokerName = "b", Cluster = "c" };
        broker.BrokerAddrs[2] = "x:2";
        broker.BrokerAddrs[0] = "x:0";
        Assert.Equal("{\"brokerAddrs\":{0:\"x:0\",2:\"x:2\"},\"brokerName\":\"b\",\"cluster\":\"c\"}", Text(broker.ToJson()));
    }

    [Fact]
    public void Null_optional_fields_are_omitted_and_present_ones_written()
    {
        Assert.Equal("{\"topicList\":[]}", Text(new TopicList().ToJson()));
        Assert.Equal("{\"brokerAddr\":\"1.2.3.4:10911\",\"topicList\":[\"T\"]}", Text(new TopicList { BrokerAddr = "1.2.3.4:10911", Topics = ["T"] }.ToJson()));
        var route = new TopicRouteData { OrderTopicConf = "broker-a:4" };
        Assert.Equal("{\"brokerDatas\":[],\"filterServerTable\":{},\"orderTopicConf\":\"broker-a:4\",\"queueDatas\":[]}", Text(route.ToJson()));
    }

    [Fact]
    public void Readers_keep_defaults_for_missing_and_null_fields()
    {
        var config = TopicConfig.FromJson("{\"topicName\":\"T\",\"readQueueNums\":null,\"perm\":\"7\"}"u8);
        Assert.Equal("T", config.TopicName);
        Assert.Equal(16, config.ReadQueueNums);
        Assert.Equal(7, config.Perm);
        var group = SubscriptionGroupConfig.FromJson("{\"groupName\":\"g\"}"u8);
        Assert.True(group.ConsumeEnable);
        Assert.Equal(16, group.RetryMaxTimes);
    }

    [Fact]
    public void Connection_reads_language_as_name_or_ordinal()
    {
        Assert.Equal(LanguageCode.GO, Connection.FromJson("{\"language\":\"GO\"}"u8).Language);
        Assert.Equal(LanguageCode.CPP, Connection.FromJson("{\"language\":1}"u8).Language);
    }

    private static int Bucket(int h) => (h ^ (int)((uint)h >> 16)) & 15;

    private static List<int> ParseQueueIds(string json)
    {
        var ids = new List<int>();
        var index = 0;
        while ((index = json.IndexOf("\"queueId\":", index, StringComparison.Ordinal)) >= 0)
        {
            index += "\"queueId\":".Length;
            ids.Add(json[index] - '0');
        }
        return ids;
    }
}
