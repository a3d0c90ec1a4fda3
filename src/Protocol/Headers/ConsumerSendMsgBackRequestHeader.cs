namespace EventBroker.Protocol.Headers;

/// <summary>CONSUMER_SEND_MSG_BACK (36). Offset is the commit-log offset of the message being returned; DelayLevel 0 lets the broker pick 3 + reconsumeTimes, a negative one sends it to the DLQ.</summary>
public sealed class ConsumerSendMsgBackRequestHeader
{
    public long Offset { get; set; }
    public required string Group { get; set; }
    public int DelayLevel { get; set; }
    public string? OriginMsgId { get; set; }
    public string? OriginTopic { get; set; }
    public bool UnitMode { get; set; }
    public int? MaxReconsumeTimes { get; set; }

    public static ConsumerSendMsgBackRequestHeader Decode(RemotingCommand command) => new()
    {
        Offset = HeaderFields.RequireInt64(command, "offset"),
        Group = HeaderFields.RequireString(command, "group"),
        DelayLevel = HeaderFields.RequireInt32(command, "delayLevel"),
        OriginMsgId = HeaderFields.OptionalString(command, "originMsgId"),
        OriginTopic = HeaderFields.OptionalString(command, "originTopic"),
        UnitMode = HeaderFields.ParseBoolean(command, "unitMode"),
        MaxReconsumeTimes = HeaderFields.OptionalInt32(command, "maxReconsumeTimes"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "offset", Offset);
        HeaderFields.Put(command, "group", Group);
        HeaderFields.Put(command, "delayLevel", DelayLevel);
        HeaderFields.Put(command, "originMsgId", OriginMsgId);
        HeaderFields.Put(command, "originTopic", OriginTopic);
        HeaderFields.Put(command, "unitMode", UnitMode);
        HeaderFields.Put(command, "maxReconsumeTimes", MaxReconsumeTimes);
    }
}
