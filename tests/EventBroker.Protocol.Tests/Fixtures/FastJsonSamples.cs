namespace EventBroker.Protocol.Tests.Fixtures;

/// <summary>
/// A verbatim copy of shared/protocol/fastjson-samples.txt: bodies produced by the real fastjson/RocketMQ
/// classes. Kept as source so the tests need no file access; each "### title" line is followed by its sample.
/// </summary>
internal static class FastJsonSamples
{
    public const string Text = """"
### TopicRouteData default (version<401)
{"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}

### TopicRouteData standard (version>=401 or acceptStandardJsonOnly)
{"brokerDatas":[{"brokerAddrs":{"0":"10.0.0.1:10911","1":"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}

### ClusterInfo (GET_BROKER_CLUSTER_INFO body)
{"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}

### TopicList (206 body)
{"topicList":["TopicTest","TBW102"]}

### TopicStatsTable (202 body)  <-- object used as map key
{"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}:{"lastUpdateTimestamp":1700000000000,"maxOffset":42,"minOffset":0}}}

### ConsumeStats (208 body)
{"consumeTps":1.5,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}:{"brokerOffset":42,"consumerOffset":40,"lastTimestamp":1700000000000}}}

### TopicConfigSerializeWrapper (21 body)
{"dataVersion":{"counter":0,"timestamp":1795264776306},"topicConfigTable":{"TopicTest":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4}}}

### SubscriptionGroupWrapper (201 body)
{"dataVersion":{"counter":0,"timestamp":1795264776333},"subscriptionGroupTable":{"demo_group":{"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":true,"consumeFromMinEnable":true,"groupName":"demo_group","notifyConsumerIdsChangedEnable":true,"retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}}}

### SubscriptionGroupConfig (200 request body)
{"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":true,"consumeFromMinEnable":true,"groupName":"demo_group","notifyConsumerIdsChangedEnable":true,"retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}

### KVTable (28 GET_BROKER_RUNTIME_INFO body)
{"table":{"msgPutTotalTodayNow":"42","brokerVersion":"401"}}

### GetConsumerListByGroupResponseBody (38 body)
{"consumerIdList":["10.0.0.9@1234","10.0.0.8@99"]}

### LockBatchRequestBody (41/42 request body; 42 uses same shape)
{"clientId":"10.0.0.9@1234","consumerGroup":"demo_group","mqSet":[{"brokerName":"broker-a","queueId":1,"topic":"TopicTest"}]}

### LockBatchResponseBody (41 response body)
{"lockOKMQSet":[{"brokerName":"broker-a","queueId":1,"topic":"TopicTest"}]}

### ConsumerConnection (203 body)
{"connectionSet":[{"clientAddr":"10.0.0.9:50000","clientId":"10.0.0.9@1234","language":"JAVA","version":401}],"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING","subscriptionTable":{"TopicTest":{"classFilterMode":false,"codeSet":[2598919,2598920],"expressionType":"TAG","subString":"TagA || TagB","subVersion":1700000000000,"tagsSet":["TagA","TagB"],"topic":"TopicTest"}}}

### ProducerConnection (204 body)
{"connectionSet":[{"clientAddr":"10.0.0.9:50000","clientId":"10.0.0.9@1234","language":"JAVA","version":401}]}

### HeartbeatData (34 request body)
{"clientID":"10.0.0.9@1234","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","groupName":"demo_group","messageModel":"CLUSTERING","subscriptionDataSet":[{"classFilterMode":false,"codeSet":[2598919,2598920],"expressionType":"TAG","subString":"TagA || TagB","subVersion":1700000000000,"tagsSet":["TagA","TagB"],"topic":"TopicTest"}],"unitMode":false}],"producerDataSet":[{"groupName":"demo_group_P"}]}

### RegisterBrokerBody (103, compressed=false form)
{"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":0,"timestamp":1795264776306},"topicConfigTable":{"TopicTest":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4}}}}

### Request frame GET_ROUTEINFO_BY_TOPIC (JSON) hex first 8 + header
00000087 00000083 
{"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":5,"serializeTypeCurrentRPC":"JSON","version":401}

### Same request, ROCKETMQ binary header (hex)
0000002d 01000029 00690001 91000000 05000000 00000000 00000000 14000574 6f706963 00000009 546f7069 63546573 74

### Response frame (JSON header) for SEND_MESSAGE_V2 success, hex of first 8 bytes + header
000000e9 000000e5 
{"code":0,"extFields":{"queueId":"1","TRACE_ON":"true","MSG_REGION":"DefaultRegion","msgId":"0A00000100002A9F0000000000000000","queueOffset":"7"},"flag":1,"language":"JAVA","opaque":5,"serializeTypeCurrentRPC":"JSON","version":0}

### Same response with ROCKETMQ binary header (hex)
00000093 0100008f 00000000 00000000 05000000 01000000 00000000 7a000771 75657565 49640000 00013100 08545241 43455f4f 4e000000 04747275 65000a4d 53475f52 4547494f 4e000000 0d446566 61756c74 52656769 6f6e0005 6d736749 64000000 20304130 30303030 31303030 30324139 46303030 30303030 30303030 30303030 30000b71 75657565 4f666673 65740000 000137

"""";

    private static readonly Dictionary<string, string> ByTitle = Parse();

    /// <summary>The first line after the heading that starts with <paramref name="titlePrefix"/>.</summary>
    public static string Get(string titlePrefix)
    {
        foreach (var (title, sample) in ByTitle)
        {
            if (title.StartsWith(titlePrefix, StringComparison.Ordinal))
            {
                return sample;
            }
        }
        throw new KeyNotFoundException($"No sample titled '{titlePrefix}'.");
    }

    public static byte[] Utf8(string titlePrefix) => System.Text.Encoding.UTF8.GetBytes(Get(titlePrefix));

    private static Dictionary<string, string> Parse()
    {
        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = Text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                samples[lines[i][4..].TrimEnd()] = lines[i + 1].TrimEnd('\r');
            }
        }
        return samples;
    }
}
