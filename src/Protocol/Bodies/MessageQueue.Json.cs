using System.Text;
using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

public sealed partial record MessageQueue : IFastJsonBody<MessageQueue>
{
    /// <summary>
    /// MessageQueue as a map key (TopicStatsTable, ConsumeStats). fastjson writes the object itself as the
    /// key; with BrowserCompatible (standard JSON) it writes the object's JSON text as a string key instead.
    /// </summary>
    public static JavaMapKey<MessageQueue> MapKey { get; } = new(
        static mq => mq.JavaHashCode(),
        static (a, b) => a.JavaCompareTo(b),
        static (writer, mq) =>
        {
            if (writer.StandardJson)
            {
                writer.WriteString(Encoding.UTF8.GetString(mq.ToJson()));
            }
            else
            {
                mq.WriteJson(writer);
            }
        });

    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static MessageQueue FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<MessageQueue>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("brokerName", BrokerName);
        writer.WriteProperty("queueId", QueueId);
        writer.WriteProperty("topic", Topic);
        writer.WriteEndObject();
    }

    /// <summary>Reads an object, or (a map key in standard JSON) a string holding the object's JSON.</summary>
    public static MessageQueue FromNode(FastJsonNode node)
    {
        if (node.Kind == FastJsonKind.String)
        {
            return FromJson(Encoding.UTF8.GetBytes(node.GetStringOrEmpty()));
        }
        string topic = "", brokerName = "";
        var queueId = 0;
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerName": brokerName = value.GetStringOrEmpty(); break;
                case "queueId": queueId = value.GetInt32(); break;
                case "topic": topic = value.GetStringOrEmpty(); break;
            }
        }
        return new MessageQueue(topic, brokerName, queueId);
    }

    /// <summary>MessageQueue.hashCode() in Java, which orders HashMap/HashSet output.</summary>
    public int JavaHashCode()
    {
        var result = 31 + JavaString.HashCode(BrokerName);
        result = unchecked((31 * result) + QueueId);
        return unchecked((31 * result) + JavaString.HashCode(Topic));
    }

    /// <summary>MessageQueue.compareTo() in Java: topic, then broker name, then queue id.</summary>
    public int JavaCompareTo(MessageQueue other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = JavaString.Compare(Topic, other.Topic);
        if (result != 0)
        {
            return result;
        }
        result = JavaString.Compare(BrokerName, other.BrokerName);
        return result != 0 ? result : QueueId.CompareTo(other.QueueId);
    }
}
