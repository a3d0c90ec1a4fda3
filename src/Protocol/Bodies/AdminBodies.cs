using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

/// <summary>QUERY_TOPIC_CONSUME_BY_WHO (300) body: the groups consuming a topic.</summary>
public sealed class GroupList : IFastJsonBody<GroupList>
{
    public HashSet<string> Groups { get; set; } = new(StringComparer.Ordinal);

    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static GroupList FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<GroupList>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("groupList");
        writer.WriteStringSet(Groups);
        writer.WriteEndObject();
    }

    public static GroupList FromNode(FastJsonNode node) => new()
    {
        Groups = node.TryGetProperty("groupList", out var list) ? list.ToHashSet(static n => n.GetStringOrEmpty()) : new(StringComparer.Ordinal),
    };
}

/// <summary>
/// GET_ALL_CONSUMER_OFFSET (43) body, consumerOffset.json's shape: "topic@group" → queueId → offset, queue ids as
/// unquoted integer keys the way fastjson writes a Map&lt;Integer, Long&gt;.
/// </summary>
public sealed class ConsumerOffsetSerializeWrapper : IFastJsonBody<ConsumerOffsetSerializeWrapper>
{
    public Dictionary<string, Dictionary<long, long>> OffsetTable { get; set; } = new(StringComparer.Ordinal);

    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static ConsumerOffsetSerializeWrapper FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<ConsumerOffsetSerializeWrapper>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("offsetTable");
        writer.WriteMap(OffsetTable, static (w, queues) => w.WriteMap(queues, JavaMapKeys.Int64, static (w2, offset) => w2.WriteNumber(offset), JavaMapShape.ConcurrentHashMap), JavaMapShape.ConcurrentHashMap);
        writer.WriteEndObject();
    }

    public static ConsumerOffsetSerializeWrapper FromNode(FastJsonNode node) => new()
    {
        OffsetTable = node.TryGetProperty("offsetTable", out var table)
            ? table.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.ToDictionary(static k => k.GetInt64(), static o => o.GetInt64()), StringComparer.Ordinal)
            : new(StringComparer.Ordinal),
    };
}

/// <summary>GET_ALL_DELAY_OFFSET (45) body, delayOffset.json's shape: delay level → offset in its schedule queue.</summary>
public sealed class DelayOffsetSerializeWrapper : IFastJsonBody<DelayOffsetSerializeWrapper>
{
    public Dictionary<long, long> OffsetTable { get; set; } = new();

    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static DelayOffsetSerializeWrapper FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<DelayOffsetSerializeWrapper>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("offsetTable");
        writer.WriteMap(OffsetTable, JavaMapKeys.Int64, static (w, offset) => w.WriteNumber(offset), JavaMapShape.ConcurrentHashMap);
        writer.WriteEndObject();
    }

    public static DelayOffsetSerializeWrapper FromNode(FastJsonNode node) => new()
    {
        OffsetTable = node.TryGetProperty("offsetTable", out var table) ? table.ToDictionary(static k => k.GetInt64(), static v => v.GetInt64()) : new(),
    };
}

/// <summary>One queue's consume time span (QUERY_CONSUME_TIME_SPAN, 303).</summary>
public sealed class QueueTimeSpan
{
    public MessageQueue MessageQueue { get; set; } = new("", "", 0);
    public long MinTimeStamp { get; set; }
    public long MaxTimeStamp { get; set; }
    public long ConsumeTimeStamp { get; set; }
    public long DelayTime { get; set; }
}

/// <summary>QUERY_CONSUME_TIME_SPAN (303) body.</summary>
public sealed class QueryConsumeTimeSpanBody : IFastJsonBody<QueryConsumeTimeSpanBody>
{
    public List<QueueTimeSpan> ConsumeTimeSpanSet { get; set; } = [];

    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static QueryConsumeTimeSpanBody FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<QueryConsumeTimeSpanBody>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("consumeTimeSpanSet");
        writer.WriteList(ConsumeTimeSpanSet, static (w, span) =>
        {
            w.WriteStartObject();
            w.WriteProperty("consumeTimeStamp", span.ConsumeTimeStamp);
            w.WriteProperty("delayTime", span.DelayTime);
            w.WriteProperty("maxTimeStamp", span.MaxTimeStamp);
            w.WritePropertyName("messageQueue");
            span.MessageQueue.WriteJson(w);
            w.WriteProperty("minTimeStamp", span.MinTimeStamp);
            w.WriteEndObject();
        });
        writer.WriteEndObject();
    }

    public static QueryConsumeTimeSpanBody FromNode(FastJsonNode node) => new()
    {
        ConsumeTimeSpanSet = node.TryGetProperty("consumeTimeSpanSet", out var set)
            ? set.ToList(static n => new QueueTimeSpan
            {
                MessageQueue = n.TryGetProperty("messageQueue", out var mq) ? MessageQueue.FromNode(mq) : new("", "", 0),
                MinTimeStamp = Int64(n, "minTimeStamp"),
                MaxTimeStamp = Int64(n, "maxTimeStamp"),
                ConsumeTimeStamp = Int64(n, "consumeTimeStamp"),
                DelayTime = Int64(n, "delayTime"),
            })
            : [],
    };

    private static long Int64(FastJsonNode node, string name) => node.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
}
