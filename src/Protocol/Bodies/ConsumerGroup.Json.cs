using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

// GET_CONSUMER_LIST_BY_GROUP and LOCK_BATCH_MQ / UNLOCK_BATCH_MQ bodies. The queue sets are HashSets in Java.

public sealed partial class GetConsumerListByGroupResponseBody : IFastJsonBody<GetConsumerListByGroupResponseBody>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static GetConsumerListByGroupResponseBody FromJson(ReadOnlySpan<byte> utf8) =>
        FastJson.Deserialize<GetConsumerListByGroupResponseBody>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("consumerIdList");
        writer.WriteStringList(ConsumerIdList);
        writer.WriteEndObject();
    }

    public static GetConsumerListByGroupResponseBody FromNode(FastJsonNode node)
    {
        var body = new GetConsumerListByGroupResponseBody();
        if (node.TryGetProperty("consumerIdList", out var ids))
        {
            body.ConsumerIdList = ids.ToList(static n => n.GetStringOrEmpty());
        }
        return body;
    }
}

public sealed partial class LockBatchRequestBody : IFastJsonBody<LockBatchRequestBody>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static LockBatchRequestBody FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<LockBatchRequestBody>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("clientId", ClientId);
        writer.WriteProperty("consumerGroup", ConsumerGroup);
        writer.WritePropertyName("mqSet");
        writer.WriteSet(MqSet, static mq => mq.JavaHashCode(), static (w, mq) => mq.WriteJson(w));
        writer.WriteEndObject();
    }

    public static LockBatchRequestBody FromNode(FastJsonNode node)
    {
        var body = new LockBatchRequestBody();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "clientId": body.ClientId = value.GetStringOrEmpty(); break;
                case "consumerGroup": body.ConsumerGroup = value.GetStringOrEmpty(); break;
                case "mqSet": body.MqSet = value.ToHashSet(static n => n.ToBody<MessageQueue>()); break;
            }
        }
        return body;
    }
}

public sealed partial class LockBatchResponseBody : IFastJsonBody<LockBatchResponseBody>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static LockBatchResponseBody FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<LockBatchResponseBody>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("lockOKMQSet");
        writer.WriteSet(LockOKMQSet, static mq => mq.JavaHashCode(), static (w, mq) => mq.WriteJson(w));
        writer.WriteEndObject();
    }

    public static LockBatchResponseBody FromNode(FastJsonNode node)
    {
        var body = new LockBatchResponseBody();
        if (node.TryGetProperty("lockOKMQSet", out var set))
        {
            body.LockOKMQSet = set.ToHashSet(static n => n.ToBody<MessageQueue>());
        }
        return body;
    }
}
