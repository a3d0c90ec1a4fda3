using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

public sealed partial class SubscriptionGroupConfig : IFastJsonBody<SubscriptionGroupConfig>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static SubscriptionGroupConfig FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<SubscriptionGroupConfig>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteProperty("brokerId", BrokerId);
        writer.WriteProperty("consumeBroadcastEnable", ConsumeBroadcastEnable);
        writer.WriteProperty("consumeEnable", ConsumeEnable);
        writer.WriteProperty("consumeFromMinEnable", ConsumeFromMinEnable);
        writer.WriteProperty("groupName", GroupName);
        writer.WriteProperty("notifyConsumerIdsChangedEnable", NotifyConsumerIdsChangedEnable);
        writer.WriteProperty("retryMaxTimes", RetryMaxTimes);
        writer.WriteProperty("retryQueueNums", RetryQueueNums);
        writer.WriteProperty("whichBrokerWhenConsumeSlowly", WhichBrokerWhenConsumeSlowly);
        writer.WriteEndObject();
    }

    public static SubscriptionGroupConfig FromNode(FastJsonNode node)
    {
        var config = new SubscriptionGroupConfig();
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "brokerId": config.BrokerId = value.GetInt64(); break;
                case "consumeBroadcastEnable": config.ConsumeBroadcastEnable = value.GetBoolean(); break;
                case "consumeEnable": config.ConsumeEnable = value.GetBoolean(); break;
                case "consumeFromMinEnable": config.ConsumeFromMinEnable = value.GetBoolean(); break;
                case "groupName": config.GroupName = value.GetStringOrEmpty(); break;
                case "notifyConsumerIdsChangedEnable": config.NotifyConsumerIdsChangedEnable = value.GetBoolean(); break;
                case "retryMaxTimes": config.RetryMaxTimes = value.GetInt32(); break;
                case "retryQueueNums": config.RetryQueueNums = value.GetInt32(); break;
                case "whichBrokerWhenConsumeSlowly": config.WhichBrokerWhenConsumeSlowly = value.GetInt64(); break;
            }
        }
        return config;
    }
}
