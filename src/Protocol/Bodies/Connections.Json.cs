using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

// GET_CONSUMER_CONNECTION_LIST / GET_PRODUCER_CONNECTION_LIST bodies. connectionSet is a HashSet of a class
// without hashCode() in Java, so we keep list order.

public sealed partial class Connection : IFastJsonBody<Connection>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static Connection FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<Connection>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("clientAddr", ClientAddr);
        writer.WriteProperty("clientId", ClientId);
        writer.WriteEnumProperty("language", Language);
        writer.WriteProperty("version", Version);
        writer.WriteEndObject();
    }

    public static Connection FromNode(FastJsonNode node)
    {
        var connection = new Connection();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "clientAddr": connection.ClientAddr = value.GetStringOrEmpty(); break;
                case "clientId": connection.ClientId = value.GetStringOrEmpty(); break;
                case "language": connection.Language = value.GetEnum<LanguageCode>(); break;
                case "version": connection.Version = value.GetInt32(); break;
            }
        }
        return connection;
    }
}

public sealed partial class ConsumerConnection : IFastJsonBody<ConsumerConnection>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static ConsumerConnection FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<ConsumerConnection>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("connectionSet");
        writer.WriteBodies(ConnectionSet);
        writer.WriteEnumProperty("consumeFromWhere", ConsumeFromWhere);
        writer.WriteEnumProperty("consumeType", ConsumeType);
        writer.WriteEnumProperty("messageModel", MessageModel);
        writer.WritePropertyName("subscriptionTable");
        writer.WriteMap(SubscriptionTable, static (w, data) => data.WriteJson(w), JavaMapShape.ConcurrentHashMap);
        writer.WriteEndObject();
    }

    public static ConsumerConnection FromNode(FastJsonNode node)
    {
        var connection = new ConsumerConnection();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "connectionSet": connection.ConnectionSet = value.ToList(static n => n.ToBody<Connection>()); break;
                case "consumeFromWhere": connection.ConsumeFromWhere = value.GetEnum<ConsumeFromWhere>(); break;
                case "consumeType": connection.ConsumeType = value.GetEnum<ConsumeType>(); break;
                case "messageModel": connection.MessageModel = value.GetEnum<MessageModel>(); break;
                case "subscriptionTable":
                    connection.SubscriptionTable = value.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.ToBody<SubscriptionData>());
                    break;
            }
        }
        return connection;
    }
}

public sealed partial class ProducerConnection : IFastJsonBody<ProducerConnection>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static ProducerConnection FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<ProducerConnection>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("connectionSet");
        writer.WriteBodies(ConnectionSet);
        writer.WriteEndObject();
    }

    public static ProducerConnection FromNode(FastJsonNode node)
    {
        var connection = new ProducerConnection();
        if (node.TryGetProperty("connectionSet", out var set))
        {
            connection.ConnectionSet = set.ToList(static n => n.ToBody<Connection>());
        }
        return connection;
    }
}
