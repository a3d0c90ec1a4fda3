using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

// The broker's config tables (GET_ALL_TOPIC_CONFIG, GET_ALL_SUBSCRIPTIONGROUP_CONFIG, REGISTER_BROKER). The
// tables are the managers' own ConcurrentHashMap(1024) instances in Java, which fixes their iteration order.

public sealed partial class DataVersion : IFastJsonBody<DataVersion>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static DataVersion FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<DataVersion>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("counter", Counter);
        writer.WriteProperty("timestamp", Timestamp);
        writer.WriteEndObject();
    }

    public static DataVersion FromNode(FastJsonNode node)
    {
        var version = new DataVersion();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "counter": version.Counter = value.GetInt64(); break;
                case "timestamp": version.Timestamp = value.GetInt64(); break;
            }
        }
        return version;
    }
}

public sealed partial class TopicConfigSerializeWrapper : IFastJsonBody<TopicConfigSerializeWrapper>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static TopicConfigSerializeWrapper FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<TopicConfigSerializeWrapper>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("dataVersion");
        DataVersion.WriteJson(writer);
        writer.WritePropertyName("topicConfigTable");
        writer.WriteMap(TopicConfigTable, static (w, config) => config.WriteJson(w), JavaMapShape.ConcurrentHashMap1024);
        writer.WriteEndObject();
    }

    public static TopicConfigSerializeWrapper FromNode(FastJsonNode node)
    {
        var wrapper = new TopicConfigSerializeWrapper();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "dataVersion": wrapper.DataVersion = value.ToBody<DataVersion>(); break;
                case "topicConfigTable":
                    wrapper.TopicConfigTable = value.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.ToBody<TopicConfig>());
                    break;
            }
        }
        return wrapper;
    }
}

public sealed partial class SubscriptionGroupWrapper : IFastJsonBody<SubscriptionGroupWrapper>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static SubscriptionGroupWrapper FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<SubscriptionGroupWrapper>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("dataVersion");
        DataVersion.WriteJson(writer);
        writer.WritePropertyName("subscriptionGroupTable");
        writer.WriteMap(SubscriptionGroupTable, static (w, config) => config.WriteJson(w), JavaMapShape.ConcurrentHashMap1024);
        writer.WriteEndObject();
    }

    public static SubscriptionGroupWrapper FromNode(FastJsonNode node)
    {
        var wrapper = new SubscriptionGroupWrapper();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "dataVersion": wrapper.DataVersion = value.ToBody<DataVersion>(); break;
                case "subscriptionGroupTable":
                    wrapper.SubscriptionGroupTable = value.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.ToBody<SubscriptionGroupConfig>());
                    break;
            }
        }
        return wrapper;
    }
}

public sealed partial class RegisterBrokerBody : IFastJsonBody<RegisterBrokerBody>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    /// <summary>The compressed=false form only; a compressed body is a deflate stream, not JSON.</summary>
    public static RegisterBrokerBody FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<RegisterBrokerBody>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("filterServerList");
        writer.WriteStringList(FilterServerList);
        writer.WritePropertyName("topicConfigSerializeWrapper");
        TopicConfigSerializeWrapper.WriteJson(writer);
        writer.WriteEndObject();
    }

    public static RegisterBrokerBody FromNode(FastJsonNode node)
    {
        var body = new RegisterBrokerBody();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "filterServerList": body.FilterServerList = value.ToList(static s => s.GetStringOrEmpty()); break;
                case "topicConfigSerializeWrapper": body.TopicConfigSerializeWrapper = value.ToBody<TopicConfigSerializeWrapper>(); break;
            }
        }
        return body;
    }
}
