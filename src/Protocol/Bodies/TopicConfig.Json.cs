using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

public sealed partial class TopicConfig : IFastJsonBody<TopicConfig>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static TopicConfig FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<TopicConfig>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("order", Order);
        writer.WriteProperty("perm", Perm);
        writer.WriteProperty("readQueueNums", ReadQueueNums);
        writer.WriteEnumProperty("topicFilterType", TopicFilterType);
        writer.WriteProperty("topicName", TopicName);
        writer.WriteProperty("topicSysFlag", TopicSysFlag);
        writer.WriteProperty("writeQueueNums", WriteQueueNums);
        writer.WriteEndObject();
    }

    public static TopicConfig FromNode(FastJsonNode node)
    {
        var config = new TopicConfig();
        foreach (var (key, value) in node.Members)
        {
            // A JSON null leaves the field at its default, as fastjson does for primitives.
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "order": config.Order = value.GetBoolean(); break;
                case "perm": config.Perm = value.GetInt32(); break;
                case "readQueueNums": config.ReadQueueNums = value.GetInt32(); break;
                case "topicFilterType": config.TopicFilterType = value.GetEnum<TopicFilterType>(); break;
                case "topicName": config.TopicName = value.GetStringOrEmpty(); break;
                case "topicSysFlag": config.TopicSysFlag = value.GetInt32(); break;
                case "writeQueueNums": config.WriteQueueNums = value.GetInt32(); break;
            }
        }
        return config;
    }
}
