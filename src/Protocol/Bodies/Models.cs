namespace EventBroker.Protocol.Bodies;

// Body models of the remoting protocol. Property order and names follow the Java classes; the fastjson
// codecs (the *.Json.cs partials) decide what goes on the wire.

/// <summary>Permission bits of a topic (PermName.java).</summary>
public static class Perm
{
    public const int Priority = 8;
    public const int Read = 4;
    public const int Write = 2;
    public const int Inherit = 1;
    public const int ReadWrite = Read | Write;

    public static bool IsReadable(int perm) => (perm & Read) != 0;
    public static bool IsWriteable(int perm) => (perm & Write) != 0;
    public static bool IsInherited(int perm) => (perm & Inherit) != 0;
}

public sealed partial class TopicConfig
{
    public string TopicName { get; set; } = "";
    public int ReadQueueNums { get; set; } = 16;
    public int WriteQueueNums { get; set; } = 16;
    public int Perm { get; set; } = Bodies.Perm.ReadWrite;
    public TopicFilterType TopicFilterType { get; set; } = TopicFilterType.SINGLE_TAG;
    public int TopicSysFlag { get; set; }
    public bool Order { get; set; }

    public TopicConfig Clone() => (TopicConfig)MemberwiseClone();
}

public sealed partial class SubscriptionGroupConfig
{
    public string GroupName { get; set; } = "";
    public bool ConsumeEnable { get; set; } = true;
    public bool ConsumeFromMinEnable { get; set; } = true;
    public bool ConsumeBroadcastEnable { get; set; } = true;
    public int RetryQueueNums { get; set; } = 1;
    public int RetryMaxTimes { get; set; } = 16;
    public long BrokerId { get; set; }
    public long WhichBrokerWhenConsumeSlowly { get; set; } = 1;
    public bool NotifyConsumerIdsChangedEnable { get; set; } = true;

    public SubscriptionGroupConfig Clone() => (SubscriptionGroupConfig)MemberwiseClone();
}

public sealed partial class SubscriptionData
{
    public const string SubAll = "*";

    public bool ClassFilterMode { get; set; }
    public string Topic { get; set; } = "";
    public string SubString { get; set; } = SubAll;
    public HashSet<string> TagsSet { get; set; } = new(StringComparer.Ordinal);
    public HashSet<int> CodeSet { get; set; } = new();
    public long SubVersion { get; set; }
    /// <summary>"TAG" or "SQL92"; null (C++ 3.0) means TAG.</summary>
    public string? ExpressionType { get; set; }
    public string? FilterClassSource { get; set; }
}

public sealed partial class ConsumerData
{
    public string GroupName { get; set; } = "";
    public ConsumeType ConsumeType { get; set; }
    public MessageModel MessageModel { get; set; }
    public ConsumeFromWhere ConsumeFromWhere { get; set; }
    public List<SubscriptionData> SubscriptionDataSet { get; set; } = new();
    public bool UnitMode { get; set; }
}

public sealed partial class ProducerData
{
    public string GroupName { get; set; } = "";
}

public sealed partial class HeartbeatData
{
    public string ClientID { get; set; } = "";
    public List<ProducerData> ProducerDataSet { get; set; } = new();
    public List<ConsumerData> ConsumerDataSet { get; set; } = new();
}

/// <summary>Equality by value: used as a map key (TopicStatsTable, ConsumeStats) and in sets.</summary>
public sealed partial record MessageQueue(string Topic, string BrokerName, int QueueId);

public sealed partial class QueueData
{
    public string BrokerName { get; set; } = "";
    public int ReadQueueNums { get; set; }
    public int WriteQueueNums { get; set; }
    public int Perm { get; set; }
    public int TopicSysFlag { get; set; }
}

public sealed partial class BrokerData
{
    public string Cluster { get; set; } = "";
    public string BrokerName { get; set; } = "";
    /// <summary>brokerId → "ip:port"; 0 is the master.</summary>
    public SortedDictionary<long, string> BrokerAddrs { get; set; } = new();
}

public sealed partial class TopicRouteData
{
    public string? OrderTopicConf { get; set; }
    public List<QueueData> QueueDatas { get; set; } = new();
    public List<BrokerData> BrokerDatas { get; set; } = new();
    public Dictionary<string, List<string>> FilterServerTable { get; set; } = new();
}

public sealed partial class ClusterInfo
{
    public Dictionary<string, BrokerData> BrokerAddrTable { get; set; } = new();
    public Dictionary<string, List<string>> ClusterAddrTable { get; set; } = new();
}

public sealed partial class TopicList
{
    public List<string> Topics { get; set; } = new();
    public string? BrokerAddr { get; set; }
}

public sealed partial class DataVersion
{
    public long Timestamp { get; set; }
    public long Counter { get; set; }
}

public sealed partial class TopicConfigSerializeWrapper
{
    public Dictionary<string, TopicConfig> TopicConfigTable { get; set; } = new();
    public DataVersion DataVersion { get; set; } = new();
}

/// <summary>REGISTER_BROKER body (the compressed=false JSON form).</summary>
public sealed partial class RegisterBrokerBody
{
    public TopicConfigSerializeWrapper TopicConfigSerializeWrapper { get; set; } = new();
    public List<string> FilterServerList { get; set; } = new();
}

public sealed partial class SubscriptionGroupWrapper
{
    public Dictionary<string, SubscriptionGroupConfig> SubscriptionGroupTable { get; set; } = new();
    public DataVersion DataVersion { get; set; } = new();
}

public sealed partial class TopicOffset
{
    public long MinOffset { get; set; }
    public long MaxOffset { get; set; }
    public long LastUpdateTimestamp { get; set; }
}

public sealed partial class TopicStatsTable
{
    public Dictionary<MessageQueue, TopicOffset> OffsetTable { get; set; } = new();
}

public sealed partial class OffsetWrapper
{
    public long BrokerOffset { get; set; }
    public long ConsumerOffset { get; set; }
    public long LastTimestamp { get; set; }
}

public sealed partial class ConsumeStats
{
    public Dictionary<MessageQueue, OffsetWrapper> OffsetTable { get; set; } = new();
    public double ConsumeTps { get; set; }
}

/// <summary>A string map; fastjson writes it in Java HashMap iteration order.</summary>
public sealed partial class KVTable
{
    public Dictionary<string, string> Table { get; set; } = new();
}

public sealed partial class Connection
{
    public string ClientId { get; set; } = "";
    public string ClientAddr { get; set; } = "";
    public LanguageCode Language { get; set; }
    public int Version { get; set; }
}

public sealed partial class ConsumerConnection
{
    public List<Connection> ConnectionSet { get; set; } = new();
    public Dictionary<string, SubscriptionData> SubscriptionTable { get; set; } = new();
    public ConsumeType ConsumeType { get; set; }
    public MessageModel MessageModel { get; set; }
    public ConsumeFromWhere ConsumeFromWhere { get; set; }
}

public sealed partial class ProducerConnection
{
    public List<Connection> ConnectionSet { get; set; } = new();
}

public sealed partial class GetConsumerListByGroupResponseBody
{
    public List<string> ConsumerIdList { get; set; } = new();
}

public sealed partial class LockBatchRequestBody
{
    public string ConsumerGroup { get; set; } = "";
    public string ClientId { get; set; } = "";
    public HashSet<MessageQueue> MqSet { get; set; } = new();
}

public sealed partial class LockBatchResponseBody
{
    public HashSet<MessageQueue> LockOKMQSet { get; set; } = new();
}
