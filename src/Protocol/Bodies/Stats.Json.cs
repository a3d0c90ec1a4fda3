using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

// GET_TOPIC_STATS_INFO and GET_CONSUME_STATS bodies: HashMaps keyed by MessageQueue, so fastjson writes a
// whole object as each key ({{"brokerName":..}:{..}}).

public sealed partial class TopicOffset : IFastJsonBody<TopicOffset>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static TopicOffset FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<TopicOffset>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("lastUpdateTimestamp", LastUpdateTimestamp);
        writer.WriteProperty("maxOffset", MaxOffset);
        writer.WriteProperty("minOffset", MinOffset);
        writer.WriteEndObject();
    }

    public static TopicOffset FromNode(FastJsonNode node)
    {
        var offset = new TopicOffset();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "lastUpdateTimestamp": offset.LastUpdateTimestamp = value.GetInt64(); break;
                case "maxOffset": offset.MaxOffset = value.GetInt64(); break;
                case "minOffset": offset.MinOffset = value.GetInt64(); break;
            }
        }
        return offset;
    }
}

public sealed partial class TopicStatsTable : IFastJsonBody<TopicStatsTable>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static TopicStatsTable FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<TopicStatsTable>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("offsetTable");
        writer.WriteMap(OffsetTable, MessageQueue.MapKey, static (w, offset) => offset.WriteJson(w), JavaMapShape.HashMap);
        writer.WriteEndObject();
    }

    public static TopicStatsTable FromNode(FastJsonNode node)
    {
        var table = new TopicStatsTable();
        if (node.TryGetProperty("offsetTable", out var offsets))
        {
            table.OffsetTable = offsets.ToDictionary(static k => k.ToBody<MessageQueue>(), static v => v.ToBody<TopicOffset>());
        }
        return table;
    }
}

public sealed partial class OffsetWrapper : IFastJsonBody<OffsetWrapper>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static OffsetWrapper FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<OffsetWrapper>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("brokerOffset", BrokerOffset);
        writer.WriteProperty("consumerOffset", ConsumerOffset);
        writer.WriteProperty("lastTimestamp", LastTimestamp);
        writer.WriteEndObject();
    }

    public static OffsetWrapper FromNode(FastJsonNode node)
    {
        var offset = new OffsetWrapper();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerOffset": offset.BrokerOffset = value.GetInt64(); break;
                case "consumerOffset": offset.ConsumerOffset = value.GetInt64(); break;
                case "lastTimestamp": offset.LastTimestamp = value.GetInt64(); break;
            }
        }
        return offset;
    }
}

public sealed partial class ConsumeStats : IFastJsonBody<ConsumeStats>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static ConsumeStats FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<ConsumeStats>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("consumeTps", ConsumeTps);
        writer.WritePropertyName("offsetTable");
        writer.WriteMap(OffsetTable, MessageQueue.MapKey, static (w, offset) => offset.WriteJson(w), JavaMapShape.HashMap);
        writer.WriteEndObject();
    }

    public static ConsumeStats FromNode(FastJsonNode node)
    {
        var stats = new ConsumeStats();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "consumeTps": stats.ConsumeTps = value.GetDouble(); break;
                case "offsetTable":
                    stats.OffsetTable = value.ToDictionary(static k => k.ToBody<MessageQueue>(), static v => v.ToBody<OffsetWrapper>());
                    break;
            }
        }
        return stats;
    }
}
