using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

// HEART_BEAT body. producerDataSet and consumerDataSet are HashSets of classes without hashCode() in Java, so
// their order is arbitrary there; we keep list order.

public sealed partial class HeartbeatData : IFastJsonBody<HeartbeatData>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    /// <summary>Accepts the Java, C++ 3.0 (enum ordinals, string subVersion) and ali-ons forms.</summary>
    public static HeartbeatData FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<HeartbeatData>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("clientID", ClientID);
        writer.WritePropertyName("consumerDataSet");
        writer.WriteBodies(ConsumerDataSet);
        writer.WritePropertyName("producerDataSet");
        writer.WriteBodies(ProducerDataSet);
        writer.WriteEndObject();
    }

    public static HeartbeatData FromNode(FastJsonNode node)
    {
        var data = new HeartbeatData();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "clientID": data.ClientID = value.GetStringOrEmpty(); break;
                case "consumerDataSet": data.ConsumerDataSet = value.ToList(static n => n.ToBody<ConsumerData>()); break;
                case "producerDataSet": data.ProducerDataSet = value.ToList(static n => n.ToBody<ProducerData>()); break;
            }
        }
        return data;
    }
}

public sealed partial class ConsumerData : IFastJsonBody<ConsumerData>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static ConsumerData FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<ConsumerData>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteEnumProperty("consumeFromWhere", ConsumeFromWhere);
        writer.WriteEnumProperty("consumeType", ConsumeType);
        writer.WriteProperty("groupName", GroupName);
        writer.WriteEnumProperty("messageModel", MessageModel);
        writer.WritePropertyName("subscriptionDataSet");
        writer.WriteSet(SubscriptionDataSet, static s => s.JavaHashCode(), static (w, s) => s.WriteJson(w));
        writer.WriteProperty("unitMode", UnitMode);
        writer.WriteEndObject();
    }

    public static ConsumerData FromNode(FastJsonNode node)
    {
        var data = new ConsumerData();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "consumeFromWhere": data.ConsumeFromWhere = value.GetEnum<ConsumeFromWhere>(); break;
                case "consumeType": data.ConsumeType = value.GetEnum<ConsumeType>(); break;
                case "groupName": data.GroupName = value.GetStringOrEmpty(); break;
                case "messageModel": data.MessageModel = value.GetEnum<MessageModel>(); break;
                case "subscriptionDataSet": data.SubscriptionDataSet = value.ToList(static n => n.ToBody<SubscriptionData>()); break;
                case "unitMode": data.UnitMode = value.GetBoolean(); break;
            }
        }
        return data;
    }
}

public sealed partial class ProducerData : IFastJsonBody<ProducerData>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static ProducerData FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<ProducerData>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("groupName", GroupName);
        writer.WriteEndObject();
    }

    public static ProducerData FromNode(FastJsonNode node)
    {
        var data = new ProducerData();
        if (node.TryGetProperty("groupName", out var groupName))
        {
            data.GroupName = groupName.GetStringOrEmpty();
        }
        return data;
    }
}
