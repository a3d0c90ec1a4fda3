using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

// GET_ROUTEINFO_BY_TOPIC body. Clients before V4_9_4 get fastjson's default form, whose brokerAddrs keys are
// unquoted numbers; newer ones get standard JSON (ToJson(standardJson: true)).

public sealed partial class QueueData : IFastJsonBody<QueueData>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static QueueData FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<QueueData>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("brokerName", BrokerName);
        writer.WriteProperty("perm", Perm);
        writer.WriteProperty("readQueueNums", ReadQueueNums);
        writer.WriteProperty("topicSysFlag", TopicSysFlag);
        writer.WriteProperty("writeQueueNums", WriteQueueNums);
        writer.WriteEndObject();
    }

    public static QueueData FromNode(FastJsonNode node)
    {
        var data = new QueueData();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerName": data.BrokerName = value.GetStringOrEmpty(); break;
                case "perm": data.Perm = value.GetInt32(); break;
                case "readQueueNums": data.ReadQueueNums = value.GetInt32(); break;
                case "topicSysFlag": data.TopicSysFlag = value.GetInt32(); break;
                case "writeQueueNums": data.WriteQueueNums = value.GetInt32(); break;
            }
        }
        return data;
    }
}

public sealed partial class BrokerData : IFastJsonBody<BrokerData>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static BrokerData FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<BrokerData>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("brokerAddrs");
        writer.WriteMap(BrokerAddrs, JavaMapKeys.Int64, static (w, addr) => w.WriteString(addr), JavaMapShape.HashMap);
        writer.WriteProperty("brokerName", BrokerName);
        writer.WriteProperty("cluster", Cluster);
        writer.WriteEndObject();
    }

    public static BrokerData FromNode(FastJsonNode node)
    {
        var data = new BrokerData();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerAddrs":
                    foreach (var (id, addr) in value.Members)
                    {
                        data.BrokerAddrs[id.GetInt64()] = addr.GetStringOrEmpty();
                    }
                    break;
                case "brokerName": data.BrokerName = value.GetStringOrEmpty(); break;
                case "cluster": data.Cluster = value.GetStringOrEmpty(); break;
            }
        }
        return data;
    }
}

public sealed partial class TopicRouteData : IFastJsonBody<TopicRouteData>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static TopicRouteData FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<TopicRouteData>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("brokerDatas");
        writer.WriteBodies(BrokerDatas);
        writer.WritePropertyName("filterServerTable");
        writer.WriteMap(FilterServerTable, static (w, servers) => w.WriteStringList(servers), JavaMapShape.HashMap);
        writer.WriteProperty("orderTopicConf", OrderTopicConf);
        writer.WritePropertyName("queueDatas");
        writer.WriteBodies(QueueDatas);
        writer.WriteEndObject();
    }

    public static TopicRouteData FromNode(FastJsonNode node)
    {
        var data = new TopicRouteData();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerDatas": data.BrokerDatas = value.ToList(static n => n.ToBody<BrokerData>()); break;
                case "filterServerTable":
                    data.FilterServerTable = value.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.ToList(static s => s.GetStringOrEmpty()));
                    break;
                case "orderTopicConf": data.OrderTopicConf = value.GetString(); break;
                case "queueDatas": data.QueueDatas = value.ToList(static n => n.ToBody<QueueData>()); break;
            }
        }
        return data;
    }
}

public sealed partial class ClusterInfo : IFastJsonBody<ClusterInfo>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static ClusterInfo FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<ClusterInfo>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("brokerAddrTable");
        writer.WriteMap(BrokerAddrTable, static (w, broker) => broker.WriteJson(w), JavaMapShape.HashMap);
        writer.WritePropertyName("clusterAddrTable");
        // Java holds each cluster's broker names in a HashSet.
        writer.WriteMap(ClusterAddrTable, static (w, brokers) => w.WriteStringSet(brokers), JavaMapShape.HashMap);
        writer.WriteEndObject();
    }

    public static ClusterInfo FromNode(FastJsonNode node)
    {
        var info = new ClusterInfo();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerAddrTable":
                    info.BrokerAddrTable = value.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.ToBody<BrokerData>());
                    break;
                case "clusterAddrTable":
                    info.ClusterAddrTable = value.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.ToList(static s => s.GetStringOrEmpty()));
                    break;
            }
        }
        return info;
    }
}

public sealed partial class TopicList : IFastJsonBody<TopicList>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static TopicList FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<TopicList>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("brokerAddr", BrokerAddr);
        writer.WritePropertyName("topicList");
        // A HashSet<String> in Java.
        writer.WriteStringSet(Topics);
        writer.WriteEndObject();
    }

    public static TopicList FromNode(FastJsonNode node)
    {
        var list = new TopicList();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerAddr": list.BrokerAddr = value.GetString(); break;
                case "topicList": list.Topics = value.ToList(static s => s.GetStringOrEmpty()); break;
            }
        }
        return list;
    }
}
